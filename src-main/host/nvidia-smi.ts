import { execFile } from 'node:child_process';
import type { GpuInfo } from '../../src-shared/api/features/hardware';

export const NVIDIA_SMI_ARGS = [
  '--query-gpu=index,name,memory.total,memory.used,driver_version',
  '--format=csv,noheader,nounits',
];
const MiB = 1024 * 1024;

export type NvidiaSmiResult = { gpus: GpuInfo[]; note: string };

/**
 * Parses the output of `nvidia-smi --query-gpu=index,name,memory.total,memory.used,driver_version
 * --format=csv,noheader,nounits`: one line per GPU, memory in MiB, `[N/A]` where the driver has
 * no figure (integrated boards share system memory).
 */
export function parseNvidiaSmi(stdout: string): NvidiaSmiResult {
  const gpus: GpuInfo[] = nvidiaSmiRows(stdout, 5).map((fields) => {
    const total = mibAsBytes(fields[2]);
    const used = mibAsBytes(fields[3]);
    return {
      index: Number(fields[0]),
      name: fields[1]!,
      vendor: 'NVIDIA',
      ...(total !== undefined ? { vramTotalBytes: total } : {}),
      ...(used !== undefined ? { vramUsedBytes: used } : {}),
      ...(fields[4] ? { driverVersion: fields[4] } : {}),
      source: 'nvidia-smi',
    };
  });
  if (gpus.length > 0) return { gpus, note: `nvidia-smi: ${gpus.length} GPU${gpus.length === 1 ? '' : 's'}` };
  if (/no devices were found/i.test(stdout)) return { gpus, note: 'nvidia-smi: no devices were found' };
  return {
    gpus,
    note: stdout.trim()
      ? `nvidia-smi answered without a GPU line: ${stdout.trim().slice(0, 120)}`
      : 'nvidia-smi: no GPU',
  };
}

/**
 * The GPU lines of nvidia-smi's `--query-gpu=... --format=csv,noheader,nounits` output (those that
 * start with a GPU index and have at least `minFields` fields), split into trimmed fields.
 */
export function nvidiaSmiRows(stdout: string, minFields: number): string[][] {
  return stdout
    .split(/\r?\n/)
    .map((line) => line.split(',').map((f) => f.trim()))
    .filter((fields) => fields.length >= minFields && /^\d+$/.test(fields[0]!));
}

/** A plain number field; undefined for `[N/A]`, `[Not Supported]` and the like. */
export function smiNumber(field: string | undefined): number | undefined {
  return field && /^\d+(\.\d+)?$/.test(field) ? Number(field) : undefined;
}

/** A MiB field (nounits) in bytes. */
export function mibAsBytes(field: string | undefined): number | undefined {
  const n = smiNumber(field);
  return n === undefined ? undefined : Math.round(n * MiB);
}

/** Runs nvidia-smi; a missing binary or a failing driver is a note, never an error. */
export function queryNvidiaSmi(command = 'nvidia-smi', timeoutMs = 5000): Promise<NvidiaSmiResult> {
  return new Promise((resolve) => {
    execFile(command, NVIDIA_SMI_ARGS, { timeout: timeoutMs }, (err, stdout) => {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT') return resolve({ gpus: [], note: 'nvidia-smi is not installed (no NVIDIA driver)' });
      const parsed = parseNvidiaSmi(String(stdout ?? ''));
      if (err && parsed.gpus.length === 0 && !/no devices/i.test(parsed.note)) {
        return resolve({ gpus: [], note: `nvidia-smi failed: ${err.message.split('\n')[0]}` });
      }
      resolve(parsed);
    });
  });
}
