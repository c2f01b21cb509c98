import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateContainerCgroup, type CgroupHost } from './cgroup-locator';

const ID = 'c0ffee'.padEnd(64, '0');
const dirs: string[] = [];
/** A fake cgroup mount and /proc with the given directories and files. */
function machine(version: 1 | 2, driver: string, paths: string[], files: Record<string, string> = {}): CgroupHost {
  const base = mkdtempSync(join(tmpdir(), 'sutazai-cgroup-'));
  dirs.push(base);
  const root = join(base, 'sys');
  const proc = join(base, 'proc');
  mkdirSync(root, { recursive: true });
  if (version === 2) writeFileSync(join(root, 'cgroup.controllers'), 'cpu io memory\n');
  for (const p of paths) mkdirSync(join(root, p), { recursive: true });
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(base, p, '..'), { recursive: true });
    writeFileSync(join(base, p), text);
  }
  return { root, proc, version, driver };
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('locateContainerCgroup', () => {
  it('guesses from the engine’s driver when the process cannot be read: cgroupfs and systemd, v1 and v2', () => {
    const v2fs = machine(2, 'cgroupfs', [`docker/${ID}`]);
    expect(locateContainerCgroup(v2fs, ID, 4242)).toEqual({
      version: 2,
      pid: 4242,
      memory: join(v2fs.root, 'docker', ID),
      cpu: join(v2fs.root, 'docker', ID),
      io: join(v2fs.root, 'docker', ID),
    });
    const v2systemd = machine(2, 'systemd', [`system.slice/docker-${ID}.scope`]);
    expect(locateContainerCgroup(v2systemd, ID, 4242)?.memory).toBe(
      join(v2systemd.root, 'system.slice', `docker-${ID}.scope`),
    );
    const v1fs = machine(1, 'cgroupfs', [`memory/docker/${ID}`, `cpu,cpuacct/docker/${ID}`, `blkio/docker/${ID}`]);
    expect(locateContainerCgroup(v1fs, ID, 4242)).toMatchObject({
      version: 1,
      memory: join(v1fs.root, 'memory', 'docker', ID),
      cpu: join(v1fs.root, 'cpu,cpuacct', 'docker', ID),
      io: join(v1fs.root, 'blkio', 'docker', ID),
    });
    const v1systemd = machine(1, 'systemd', [
      `memory/system.slice/docker-${ID}.scope`,
      `cpuacct/system.slice/docker-${ID}.scope`,
    ]);
    expect(locateContainerCgroup(v1systemd, ID, 4242)).toMatchObject({
      memory: join(v1systemd.root, 'memory', 'system.slice', `docker-${ID}.scope`),
      cpu: join(v1systemd.root, 'cpuacct', 'system.slice', `docker-${ID}.scope`),
    });
  });

  it('honours a container’s cgroup parent', () => {
    const host = machine(1, 'cgroupfs', [`memory/tenants/a/${ID}`]);
    expect(locateContainerCgroup(host, ID, 1, '/tenants/a')?.memory).toBe(
      join(host.root, 'memory', 'tenants', 'a', ID),
    );
    const slice = machine(2, 'systemd', [`tenants.slice/docker-${ID}.scope`]);
    expect(locateContainerCgroup(slice, ID, 1, 'tenants.slice')?.memory).toBe(
      join(slice.root, 'tenants.slice', `docker-${ID}.scope`),
    );
  });

  it('follows the main process’s /proc/<pid>/cgroup wherever the engine put it (a rootless user slice)', () => {
    const rootless = `user.slice/user-1000.slice/user@1000.service/user.slice/docker-${ID}.scope`;
    const host = machine(2, 'systemd', [rootless], { 'proc/777/cgroup': `0::/${rootless}\n` });
    expect(locateContainerCgroup(host, ID, 777)?.memory).toBe(join(host.root, rootless));
    const v1 = machine(1, 'cgroupfs', [`memory/nested/docker/${ID}`, `cpuacct/nested/docker/${ID}`], {
      'proc/778/cgroup': `12:memory:/nested/docker/${ID}\n4:cpu,cpuacct:/nested/docker/${ID}\n3:blkio:/nested/docker/${ID}\n`,
    });
    expect(locateContainerCgroup(v1, ID, 778)).toMatchObject({
      memory: join(v1.root, 'memory', 'nested', 'docker', ID),
      cpu: join(v1.root, 'cpuacct', 'nested', 'docker', ID),
    });
  });

  it('ignores a process that is not the container’s (its pid was reused) and says when nothing is there', () => {
    const host = machine(2, 'cgroupfs', [`docker/${ID}`], { 'proc/779/cgroup': '0::/user.slice/session-1.scope\n' });
    expect(locateContainerCgroup(host, ID, 779)?.memory).toBe(join(host.root, 'docker', ID));
    expect(locateContainerCgroup(machine(2, 'systemd', []), ID, 1)).toBeUndefined();
  });
});
