import { execFile } from 'node:child_process';
import type { GpuInfo } from '../../src-shared/api/features/hardware';

export const NVIDIA_SMI_ARGS = ['--query-gpu=index,name,memory.total,memory.used,driver_version', '--format=csv,noheader,nounits'];
const MiB = 1024 * 1024;

export type NvidiaSmiResult = { gpus: GpuInfo[]; note: string };

/**
 * Parses the output of `nvidia-smi --query-gpu=index,name,memory.total,memory.used,driver_version
 * --format=csv,noheader,nounits`: one line per GPU, memory in MiB, `[N/A]` where the driver has
 * no figure (integrated boards share system memory).
 */
export function parseNvidiaSmi(stdout: string): NvidiaSmiResult {
  const gpus: GpuInfo[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length < 5 || !/^\d+$/.test(fields[0]!)) continue;
    const mib = (s: string | undefined) => (s && /^\d+(\.\d+)?$/.test(s) ? Math.round(Number(s) * MiB) : undefined);
    const total = mib(fields[2]);
    const used = mib(fields[3]);
    gpus.push({
      index: Number(fields[0]),
      name: fields[1]!,
      vendor: 'NVIDIA',
      ...(total !== undefined ? { vramTotalBytes: total } : {}),
      ...(used !== undefined ? { vramUsedBytes: used } : {}),
      ...(fields[4] ? { driverVersion: fields[4] } : {}),
      source: 'nvidia-smi',
    });
  }
  if (gpus.length > 0) return { gpus, note: `nvidia-smi: ${gpus.length} GPU${gpus.length === 1 ? '' : 's'}` };
  if (/no devices were found/i.test(stdout)) return { gpus, note: 'nvidia-smi: no devices were found' };
  return { gpus, note: stdout.trim() ? `nvidia-smi answered without a GPU line: ${stdout.trim().slice(0, 120)}` : 'nvidia-smi: no GPU' };
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
