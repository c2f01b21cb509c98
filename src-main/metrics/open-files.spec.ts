import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OpenFiles } from './open-files';

describe('OpenFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-open-files-'));
  const files = new OpenFiles();
  afterAll(() => {
    files.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a file longer than its buffer to the end, and its new text at the next read', () => {
    const path = join(dir, 'dev');
    const long = Array.from({ length: 3000 }, (_, i) => `veth${i}: ${i} 0 0 0 0 0 0 0 ${i * 2} 0 0 0 0 0 0 0`).join(
      '\n',
    );
    expect(long.length).toBeGreaterThan(64 * 1024);
    writeFileSync(path, long);
    expect(files.read(path)).toBe(long);
    writeFileSync(path, 'short');
    expect(files.read(path)).toBe('short');
  });

  it('answers an empty text for a file that is not there', () => {
    expect(files.readIfPresent(join(dir, 'missing'))).toBe('');
  });
});
