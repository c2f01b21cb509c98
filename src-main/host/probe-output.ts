import { cpuPercentBetween, parseProcStat, type CpuTimes } from './cpu-times';
import { parseMeminfo, parsePressure, type HostMemory } from './host-memory';

/** The image a probe runs where the user gave none: a static shell and `cat` are all it needs. */
export const DEFAULT_PROBE_IMAGE = 'busybox:1.37';
/** The label that marks probe containers and services, with the project they are for. */
export const PROBE_LABEL = 'ai.sutazai.probe';

/**
 * The probe's shell loop, its interval in seconds as `$0`. /proc/meminfo, /proc/pressure and
 * /proc/stat are the host's in any container: the kernel does not namespace them.
 */
export const PROBE_SCRIPT = [
  'while :; do',
  'cat /proc/meminfo;',
  "echo '@@psi';",
  'cat /proc/pressure/memory 2>/dev/null;',
  "echo '@@stat';",
  'head -n 1 /proc/stat;',
  "echo '@@end';",
  'sleep "$0";',
  'done',
].join(' ');

/** The line that closes one sample in the probe's output. */
export const PROBE_END = '@@end';

/** One machine's figures from a probe's output. */
export interface ProbeFigures {
  memory: HostMemory;
  /** CPU busy since the previous sample, 0 for the first. */
  cpuPercent: number;
}

/**
 * Reads one machine's probe output, sample by sample: the CPU load is the difference between two
 * samples' CPU times, so a reader is kept per machine.
 */
export class ProbeReader {
  private lastCpu: CpuTimes | undefined;

  /** The figures of one sample (the text before `@@end`); undefined when it is cut or not a probe's. */
  read(block: string): ProbeFigures | undefined {
    const [meminfo = '', rest = ''] = block.split('@@psi\n');
    const [psi = '', stat = ''] = rest.split('@@stat\n');
    let cpu: CpuTimes;
    try {
      cpu = parseProcStat(stat);
    } catch {
      return undefined;
    }
    const base = parseMeminfo(meminfo);
    if (base.totalBytes <= 0) return undefined;
    const pressure = parsePressure(psi);
    const cpuPercent = this.lastCpu ? cpuPercentBetween(this.lastCpu, cpu) : 0;
    this.lastCpu = cpu;
    return { memory: pressure === undefined ? base : { ...base, pressureSome10: pressure }, cpuPercent };
  }

  reset(): void {
    this.lastCpu = undefined;
  }
}
