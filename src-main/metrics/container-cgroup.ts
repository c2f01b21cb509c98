import { join } from 'node:path';
import {
  parseBlkioV1,
  parseIoStatV2,
  parseKeyValues,
  parseMemoryLimit,
  parseNetDev,
  workingSet,
  type CgroupHost,
  type CgroupLocation,
} from '../host';
import type { OpenFiles } from './open-files';

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

/**
 * Reads a container's counters from its cgroup files and its network namespace, through the
 * container's open files; throws when they are gone.
 */
export function readContainerCounters(host: CgroupHost, at: CgroupLocation, files: OpenFiles): ContainerCounters {
  const read = (dir: string, file: string) => files.read(pathOf(dir, file));
  const readOptional = (dir: string, file: string) => withData(files.readIfPresent(pathOf(dir, file)));
  const net = parseNetDev(files.readIfPresent(pathOf(`${host.proc}/${at.pid}/net`, 'dev')));
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

/** Paths are joined once per container, not once a second. */
const paths = new Map<string, Map<string, string>>();
function pathOf(dir: string, file: string): string {
  let inDir = paths.get(dir);
  if (!inDir) {
    if (paths.size > 4096) paths.clear();
    inDir = new Map();
    paths.set(dir, inDir);
  }
  let path = inDir.get(file);
  if (path === undefined) {
    path = join(dir, file);
    inDir.set(file, path);
  }
  return path;
}

/** v1 writes only "Total 0" when the controller has nothing to report. */
function withData(text: string): string {
  return /\b(Read|Write|rbytes)\b/.test(text) ? text : '';
}
