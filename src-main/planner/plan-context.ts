import type { PlanFigure } from '../../src-shared/api/features/planner';
import { formatMemory } from '../../src-shared/format';
import type { MemoryState } from './memory-outcome';
import type { GpuRoom } from './model-place';
import type { PlannerOptions } from './planner-deps';
import type { RunningMember, RunningMembers } from './running-members';

/** Everything a plan reads before it judges an action. */
export interface PlanContext {
  project: string;
  running: RunningMember[];
  state: MemoryState;
  gpus: GpuRoom[];
  inputs: PlanFigure[];
}

/** Keeps a slow answer for a while; errors are kept for a shorter while. */
export class Cached<T> {
  private entry: { at: number; value: Promise<T>; failed: boolean } | undefined;
  constructor(
    private readonly read: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly errorTtlMs = Math.min(ttlMs, 10_000),
  ) {}

  get(): Promise<T> {
    const now = this.now();
    const e = this.entry;
    if (!e || now - e.at >= (e.failed ? this.errorTtlMs : this.ttlMs)) {
      const value = this.read();
      const entry = { at: now, value, failed: false };
      value.catch(() => (entry.failed = true));
      this.entry = entry;
    }
    return this.entry!.value;
  }
}

/**
 * Reads the host's memory, the project's running services and the guard's settings, and names
 * where each figure came from.
 */
export async function gatherContext(
  o: PlannerOptions,
  members: RunningMembers,
  gpus: Cached<GpuRoom[]> | undefined,
): Promise<PlanContext> {
  const host = o.host!;
  const project = o.stack.project;
  const now = (o.now ?? Date.now)();
  const snapshot = o.latestSnapshot?.();
  const freshGpus = snapshot && now - snapshot.time <= 60_000 && snapshot.gpus.length > 0 ? snapshot.gpus : undefined;
  const [memory, running, gpuRooms] = await Promise.all([
    host.memory(),
    members.read(project),
    freshGpus
      ? Promise.resolve(
          freshGpus.map((g) => ({
            index: g.index,
            name: g.name,
            totalBytes: g.memTotalBytes,
            usedBytes: g.memUsedBytes,
          })),
        )
      : (gpus?.get().catch(() => []) ?? Promise.resolve([])),
  ]);
  const guard = o.guard.settings();
  const stackBytes = running.members.reduce((a, m) => a + m.bytes, 0);
  const inputs: PlanFigure[] = [
    {
      label: 'host memory',
      value: formatMemory(memory.totalBytes),
      bytes: memory.totalBytes,
      source: `${host.sources.memory} MemTotal`,
    },
    {
      label: 'available now',
      value: formatMemory(memory.availableBytes),
      bytes: memory.availableBytes,
      source: `${host.sources.memory} MemAvailable`,
    },
    {
      label: 'memory pressure',
      value:
        memory.pressureSome10 === undefined ? 'not reported' : `${memory.pressureSome10.toFixed(2)} % (some, avg10)`,
      source:
        memory.pressureSome10 === undefined
          ? `${host.sources.pressure}: this kernel has no PSI`
          : host.sources.pressure,
    },
    {
      label: `${project}'s running services`,
      value: `${running.members.length}, ${formatMemory(stackBytes)}`,
      bytes: stackBytes,
      source: running.source,
    },
    {
      label: "the guard's budget",
      value:
        guard.budgetBytes === undefined
          ? `host memory (${formatMemory(memory.totalBytes)})`
          : formatMemory(guard.budgetBytes),
      ...(guard.budgetBytes !== undefined ? { bytes: guard.budgetBytes } : { bytes: memory.totalBytes }),
      source:
        guard.budgetBytes === undefined
          ? 'no budget set: the guard compares the host’s used memory with its total'
          : 'the memory budget setting (or --memory-budget)',
    },
    {
      label: "the guard's lines",
      value: `warn ${Math.round(guard.thresholds.warn * 100)} %, shed optional ${Math.round(guard.thresholds.shedOptional * 100)} %, core ${Math.round(guard.thresholds.shedCore * 100)} %${guard.dryRun ? ', dry run' : ''}`,
      source: 'the memory guard',
    },
    {
      label: 'GPUs',
      value: gpuRooms.length
        ? gpuRooms
            .map(
              (g) =>
                `GPU ${g.index} ${g.name}: ${formatMemory(g.totalBytes - g.usedBytes)} free of ${formatMemory(g.totalBytes)}`,
            )
            .join('; ')
        : 'none',
      source: freshGpus
        ? "nvidia-smi, the metrics collector's snapshot"
        : 'the hardware profile (nvidia-smi or the OS)',
    },
  ];
  return {
    project,
    running: running.members,
    gpus: gpuRooms,
    inputs,
    state: {
      hostTotalBytes: memory.totalBytes,
      hostAvailableBytes: memory.availableBytes,
      running: running.members,
      budgetBytes: guard.budgetBytes,
      thresholds: guard.thresholds,
      dryRun: guard.dryRun,
    },
  };
}
