import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who holds something: a process on a machine, told apart from a later process that got the same id. */
export interface ProcessOwner {
  pid: number;
  hostname: string;
  /** The process's start time in clock ticks since boot (Linux), so a reused pid is not taken for it. */
  startTicks?: string;
}

/** This process, as it records itself in the files it holds. */
export function currentOwner(): ProcessOwner {
  const startTicks = startTicksOf(process.pid);
  return { pid: process.pid, hostname: hostname(), ...(startTicks ? { startTicks } : {}) };
}

/**
 * Whether the owner still runs. An owner on another machine (a home on a network share) is taken
 * as alive: nothing here can tell otherwise.
 */
export function ownerAlive(owner: ProcessOwner): boolean {
  if (owner.hostname !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!owner.startTicks) return true;
  const now = startTicksOf(owner.pid);
  return now === undefined || now === owner.startTicks;
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
function startTicksOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}
