import { z } from 'zod';
import { procedure, stream } from '../define';

export interface HostSample {
  /** Milliseconds since the epoch. */
  time: number;
  cpuPercent: number;
  memUsedBytes: number;
  memTotalBytes: number;
  memAvailableBytes: number;
}

export interface HostProfile {
  hostname: string;
  platform: string;
  distro: string;
  arch: string;
  cpuModel: string;
  physicalCores: number;
  logicalCores: number;
  memTotalBytes: number;
  swapTotalBytes: number;
}

export const hostContract = {
  'host:profile': procedure(z.object({}).strict()).returns<HostProfile>(),
  /** Samples kept in memory, oldest first, at most `seconds` back (default: all kept). */
  'host:history': procedure(z.object({ seconds: z.number().int().positive().max(86_400).optional() }).strict()).returns<
    HostSample[]
  >(),
  'host:samples': stream(z.object({}).strict()).emits<HostSample>(),
};
