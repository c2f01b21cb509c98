import { describe, expect, it } from 'vitest';
import { engineGuidance } from './engine-guidance';

describe('engineGuidance', () => {
  it('offers the engines each system has', () => {
    expect(engineGuidance('linux').map((o) => o.name)).toEqual([
      'Docker Engine',
      'Rootless Docker',
      'Podman',
      'Docker Desktop',
    ]);
    expect(engineGuidance('darwin').map((o) => o.name)).toEqual(['Docker Desktop', 'Colima', 'Podman']);
    expect(engineGuidance('win32').map((o) => o.name)).toEqual(['Docker Desktop', 'Podman']);
    expect(engineGuidance('linux')[2]!.steps).toContain('systemctl --user enable --now podman.socket');
  });
});
