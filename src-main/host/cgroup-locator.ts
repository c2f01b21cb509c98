import type Docker from 'dockerode';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProcCgroup } from './cgroup-parsers';

/** Where one container's cgroup files are, and its main process (for its network namespace). */
export interface CgroupLocation {
  version: 1 | 2;
  pid: number;
  memory: string;
  cpu: string;
  io: string;
  /** v1: the blkio file of the I/O scheduler when the kernel has one (CFQ/BFQ), else only the throttle file counts. */
  ioScheduled?: string | undefined;
}

export interface CgroupHost {
  /** Mount point of the cgroup file system (default /sys/fs/cgroup). */
  root: string;
  /** `/proc` of the host (default /proc). */
  proc: string;
  version: 1 | 2;
  /** The engine's cgroup driver (`docker info` CgroupDriver): cgroupfs or systemd. */
  driver: string;
}

export function detectCgroupVersion(root = '/sys/fs/cgroup'): 1 | 2 {
  return existsSync(join(root, 'cgroup.controllers')) ? 2 : 1;
}

/**
 * Finds a container's cgroup directories: from its main process's /proc/<pid>/cgroup when that
 * names the container (whatever the driver, parent or rootless user slice), else from the
 * engine's cgroup driver and the container's cgroup parent (cgroupfs: <parent or /docker>/<id>;
 * systemd: <parent or system.slice>/docker-<id>.scope). Undefined when no memory directory is there.
 */
export function locateContainerCgroup(
  host: CgroupHost,
  id: string,
  pid: number,
  cgroupParent = '',
): CgroupLocation | undefined {
  let paths: Map<string, string> | undefined;
  try {
    const parsed = parseProcCgroup(readFileSync(join(host.proc, String(pid), 'cgroup'), 'utf8'));
    if ([...parsed.values()].some((p) => p.includes(id))) paths = parsed;
  } catch {
    // The process is gone or not visible from here: fall back to the driver's layout.
  }
  const guess =
    host.driver === 'systemd'
      ? `/${cgroupParent || 'system.slice'}/docker-${id}.scope`.replace(/\/+/g, '/')
      : `/${cgroupParent || 'docker'}/${id}`.replace(/\/+/g, '/');
  const pathFor = (controller: string) => paths?.get(controller) ?? guess;
  const location: CgroupLocation =
    host.version === 2
      ? {
          version: 2,
          pid,
          memory: join(host.root, pathFor('')),
          cpu: join(host.root, pathFor('')),
          io: join(host.root, pathFor('')),
        }
      : {
          version: 1,
          pid,
          memory: join(host.root, 'memory', pathFor('memory')),
          cpu: firstExisting([
            join(host.root, 'cpuacct', pathFor('cpuacct')),
            join(host.root, 'cpu,cpuacct', pathFor('cpuacct')),
          ]),
          io: join(host.root, 'blkio', pathFor('blkio')),
        };
  if (location.version === 1) {
    location.ioScheduled = ['blkio.io_service_bytes_recursive', 'blkio.bfq.io_service_bytes_recursive'].find((f) =>
      existsSync(join(location.io, f)),
    );
  }
  return existsSync(location.memory) ? location : undefined;
}

function firstExisting(paths: string[]): string {
  return paths.find((p) => existsSync(p)) ?? paths[0]!;
}

export interface CgroupLocatorOptions {
  docker: Docker;
  /** Mount point of the cgroup file system (default /sys/fs/cgroup). */
  root?: string;
  /** `/proc` of the host (default /proc). */
  proc?: string;
}

/**
 * The one locator of containers' cgroup files, for a local engine: asks the engine once for its
 * cgroup driver, and each container for its main process and cgroup parent. Callers keep the
 * locations they need (a location stays valid while the container exists).
 */
export class CgroupLocator {
  private hostInfo: Promise<CgroupHost> | undefined;

  constructor(private readonly o: CgroupLocatorOptions) {}

  /** This machine's cgroup layout and the engine's driver (asked once; asked again after a failure). */
  host(): Promise<CgroupHost> {
    this.hostInfo ??= (async () => {
      const info = (await this.o.docker.info()) as { CgroupDriver?: string };
      const root = this.o.root ?? '/sys/fs/cgroup';
      return {
        root,
        proc: this.o.proc ?? '/proc',
        version: detectCgroupVersion(root),
        driver: info.CgroupDriver ?? 'cgroupfs',
      };
    })();
    this.hostInfo.catch(() => (this.hostInfo = undefined));
    return this.hostInfo;
  }

  /** Where a container's cgroup files are; undefined when they cannot be found from here (or it is gone). */
  async locate(id: string): Promise<CgroupLocation | undefined> {
    try {
      const [host, info] = await Promise.all([this.host(), this.o.docker.getContainer(id).inspect()]);
      return locateContainerCgroup(host, id, info.State.Pid, info.HostConfig.CgroupParent ?? '');
    } catch {
      return undefined;
    }
  }
}
