import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenFiles } from './open-files';
import { parseBlkioV1, parseIoStatV2, parseKeyValues, parseMemoryLimit, parseNetDev, parseProcCgroup, workingSet } from './cgroup-parsers';

/** Cumulative counters of one container, read at one moment. */
export interface ContainerCounters {
  cpuNs: number;
  memBytes: number;
  memLimitBytes: number | undefined;
  blockRead: number;
  blockWrite: number;
  netRx: number;
  netTx: number;
}

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
 * names the container, else from the engine's cgroup driver and the container's cgroup parent
 * (cgroupfs: <parent or /docker>/<id>; systemd: <parent or system.slice>/docker-<id>.scope).
 */
export function locateContainerCgroup(host: CgroupHost, id: string, pid: number, cgroupParent = ''): CgroupLocation | undefined {
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
      ? { version: 2, pid, memory: join(host.root, pathFor('')), cpu: join(host.root, pathFor('')), io: join(host.root, pathFor('')) }
      : {
          version: 1,
          pid,
          memory: join(host.root, 'memory', pathFor('memory')),
          cpu: firstExisting([join(host.root, 'cpuacct', pathFor('cpuacct')), join(host.root, 'cpu,cpuacct', pathFor('cpuacct'))]),
          io: join(host.root, 'blkio', pathFor('blkio')),
        };
  if (location.version === 1) {
    location.ioScheduled = ['blkio.io_service_bytes_recursive', 'blkio.bfq.io_service_bytes_recursive'].find((f) => existsSync(join(location.io, f)));
  }
  return existsSync(location.memory) ? location : undefined;
}

function firstExisting(paths: string[]): string {
  return paths.find((p) => existsSync(p)) ?? paths[0]!;
}

/**
 * Reads a container's counters from its cgroup files and its network namespace, through the
 * container's open files; throws when they are gone.
 */
export function readContainerCounters(host: CgroupHost, at: CgroupLocation, files: OpenFiles): ContainerCounters {
  const read = (dir: string, file: string) => files.read(join(dir, file));
  const readOptional = (dir: string, file: string) => withData(files.readIfPresent(join(dir, file)));
  const net = parseNetDev(files.readIfPresent(join(host.proc, String(at.pid), 'net', 'dev')));
  if (at.version === 1) {
    const usage = Number(read(at.memory, 'memory.usage_in_bytes'));
    const scheduled = at.ioScheduled ? readOptional(at.io, at.ioScheduled) : '';
    const blk = parseBlkioV1(scheduled || readOptional(at.io, 'blkio.throttle.io_service_bytes_recursive'));
    return {
      cpuNs: Number(read(at.cpu, 'cpuacct.usage')),
      memBytes: workingSet(usage, read(at.memory, 'memory.stat'), 1),
      memLimitBytes: parseMemoryLimit(read(at.memory, 'memory.limit_in_bytes')),
      blockRead: blk.read,
      blockWrite: blk.write,
      netRx: net.rx,
      netTx: net.tx,
    };
  }
  const usage = Number(read(at.memory, 'memory.current'));
  const io = parseIoStatV2(readOptional(at.io, 'io.stat'));
  return {
    cpuNs: (parseKeyValues(read(at.cpu, 'cpu.stat')).get('usage_usec') ?? 0) * 1000,
    memBytes: workingSet(usage, read(at.memory, 'memory.stat'), 2),
    memLimitBytes: parseMemoryLimit(read(at.memory, 'memory.max')),
    blockRead: io.read,
    blockWrite: io.write,
    netRx: net.rx,
    netTx: net.tx,
  };
}

/** v1 writes only "Total 0" when the controller has nothing to report. */
function withData(text: string): string {
  return /\b(Read|Write|rbytes)\b/.test(text) ? text : '';
}
