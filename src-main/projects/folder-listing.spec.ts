import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFolder } from './folder-listing';

const base = mkdtempSync(join(tmpdir(), 'sutazai-browse-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('listFolder', () => {
  it('lists subfolders only, marks those with a compose file, and names the compose files of the folder itself', () => {
    mkdirSync(join(base, 'dify', 'docker'), { recursive: true });
    writeFileSync(join(base, 'dify', 'docker', 'docker-compose.yaml'), 'services: {}\n');
    mkdirSync(join(base, 'app'));
    writeFileSync(join(base, 'app', 'compose.yaml'), 'services: {}\n');
    mkdirSync(join(base, '.hidden'));
    writeFileSync(join(base, 'notes.txt'), 'not a folder\n');
    writeFileSync(join(base, 'compose.yml'), 'services: {}\n');
    expect(listFolder('~', base)).toEqual({
      dir: base,
      parent: tmpdir(),
      composeFiles: ['compose.yml'],
      folders: [
        { name: 'app', hasCompose: true },
        { name: 'dify', hasCompose: false },
      ],
      more: 0,
    });
    expect(listFolder('~/dify', base).folders).toEqual([{ name: 'docker', hasCompose: true }]);
    expect(listFolder('/', base)).not.toHaveProperty('parent');
  });

  it('refuses what it cannot list, saying why', () => {
    expect(() => listFolder('relative/path', base)).toThrow("dir: 'relative/path' is a relative path");
    expect(() => listFolder(join(base, 'notes.txt'), base)).toThrow(
      `dir: ${join(base, 'notes.txt')} is a file; give a folder`,
    );
    expect(() => listFolder(join(base, 'gone'), base)).toThrow('does not exist');
  });
});
