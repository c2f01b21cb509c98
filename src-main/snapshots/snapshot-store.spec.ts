import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SnapshotStore } from './snapshot-store';

const root = mkdtempSync(join(tmpdir(), 'sutazai-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('snapshot folders', () => {
  it('names snapshots by project and UTC time, unique in their folder', () => {
    const folder = join(root, 'a');
    const store = new SnapshotStore(() => [folder]);
    store.prepareFolder(folder);
    const at = new Date('2025-03-04T05:06:07.890Z');
    const first = store.newId('sutazai', folder, at);
    expect(first).toBe('sutazai-20250304-050607');
    store.begin(folder, first);
    expect(store.newId('sutazai', folder, at)).toBe('sutazai-20250304-050607-2');
  });

  it('never lists a snapshot still being written, and names what is wrong in a damaged manifest', () => {
    const folder = join(root, 'b');
    const store = new SnapshotStore(() => [folder]);
    store.prepareFolder(folder);
    const partial = store.begin(folder, 'p-20250101-000000');
    writeFileSync(join(partial.dir, 'manifest.json'), '{}');
    expect(store.list()).toEqual([]);
    expect(() => store.find('p-20250101-000000')).toThrow('No snapshot p-20250101-000000');
    mkdirSync(join(folder, 'p-20250101-000001'));
    writeFileSync(
      join(folder, 'p-20250101-000001', 'manifest.json'),
      JSON.stringify({ format: 1, id: 'p-20250101-000001' }),
    );
    expect(() => store.find('p-20250101-000001')).toThrow(/manifest\.json: project: .*expected string/i);
    writeFileSync(join(folder, 'p-20250101-000001', 'manifest.json'), '{"format": 1,');
    expect(() => store.find('p-20250101-000001')).toThrow(/manifest\.json cannot be read: /);
  });

  it('refuses a destination that is not an absolute folder it can write', () => {
    const store = new SnapshotStore(() => []);
    expect(() => store.prepareFolder('relative/path')).toThrow('destination: relative/path is not an absolute path');
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    expect(() => store.prepareFolder(file)).toThrow(`destination: ${file} cannot hold snapshots`);
  });

  it("removes the unfinished folders of processes that are gone, and keeps a live process's", () => {
    const folder = join(root, 'c');
    const store = new SnapshotStore(() => [folder]);
    store.prepareFolder(folder);
    store.begin(folder, 'p-20250101-000002');
    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
    );
    const gone = store.begin(folder, 'p-20250101-000003');
    writeFileSync(join(gone.dir, 'owner.json'), JSON.stringify({ pid: dead, hostname: hostname() }));
    expect(store.removeAbandoned()).toEqual(['p-20250101-000003']);
    expect(readdirSync(folder)).toEqual(['.partial-p-20250101-000002']);
  });
});
