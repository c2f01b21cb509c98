import { describe, expect, it } from 'vitest';
import { waitingText } from './follow-status';

describe('waitingText', () => {
  it('says which services the follow waits for, and nothing while all are read', () => {
    expect(waitingText([])).toBeUndefined();
    expect(waitingText([{ service: 'api', state: 'following' }])).toBeUndefined();
    expect(
      waitingText([
        { service: 'api', state: 'stopped', exitCode: 1 },
        { service: 'db', state: 'removed' },
        { service: 'web', state: 'following' },
        { service: 'queue', state: 'stopped' },
      ]),
    ).toBe(
      'api stopped (exit 1), waiting for it to start again; db removed, waiting for a new container; queue stopped, waiting for it to start again',
    );
  });
});
