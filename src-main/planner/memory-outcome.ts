import type { Tier } from '../../src-shared/api';
import type { PlanMemory } from '../../src-shared/api/features/planner';
import { pickVictim, type GuardThresholds } from '../guard';

/** A service in the memory picture: running now, or one the action starts. */
export interface Member {
  id: string;
  /** The managed project it belongs to (the guard orders victims across projects). */
  project: string;
  service: string;
  tier: Tier;
  bytes: number;
  oomScoreAdj: number;
  startedByAction: boolean;
}

export interface MemoryState {
  hostTotalBytes: number;
  hostAvailableBytes: number;
  /** The project's services running now, with their measured working sets. */
  running: Member[];
  /** The guard's budget setting; undefined: the host's memory (then the guard compares the host's used memory). */
  budgetBytes: number | undefined;
  thresholds: GuardThresholds;
  dryRun: boolean;
}

export interface MemoryChange {
  /** Services the action starts, with their expected use. */
  adds: Member[];
  /** Extra memory charged to running services (a model loaded into the stack's Ollama). */
  grows?: Record<string, number>;
  /** Memory taken outside the project (a model loaded into an Ollama that runs on the host). */
  outsideBytes?: number;
  /** Running services stopped before the action. */
  stops?: string[];
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The memory after an action, judged as the guard judges it: the same budget, thresholds and
 * usage figure (stack memory against a budget, else the host's used memory against its total),
 * then the guard's own choice of victims (`pickVictim`), one at a time while usage stays at or
 * above its shed line. What still does not fit is what the kernel would have to kill: in the order
 * of its badness, memory plus oom_score_adj thousandths of all memory.
 */
export function memoryOutcome(state: MemoryState, change: MemoryChange): PlanMemory {
  const { hostTotalBytes: total, thresholds: t } = state;
  const budget = state.budgetBytes ?? total;
  const stackBefore = sum(state.running);
  // Everything on the host that is not this project (never below zero: the figures are sampled apart).
  const others = Math.max(0, total - state.hostAvailableBytes - stackBefore);
  const outside = change.outsideBytes ?? 0;
  const stopped = new Set(change.stops ?? []);
  const members: Member[] = [
    ...state.running
      .filter((m) => !stopped.has(m.service))
      .map((m) => ({ ...m, bytes: m.bytes + (change.grows?.[m.service] ?? 0) })),
    ...change.adds,
  ];
  const used = (ms: Member[]) => (state.budgetBytes !== undefined ? sum(ms) : others + outside + sum(ms));
  const hostUsed = (ms: Member[]) => others + outside + sum(ms);
  const usage = (ms: Member[]) => (budget > 0 ? used(ms) / budget : 0);
  const usedBefore = state.budgetBytes !== undefined ? stackBefore : total - state.hostAvailableBytes;

  const after = usage(members);
  const shed: PlanMemory['shed'] = [];
  let left = members;
  let u = after;
  while (u >= t.shedOptional) {
    const victim = pickVictim(left, u >= t.shedCore ? ['optional', 'core'] : ['optional']);
    if (!victim) break;
    left = left.filter((m) => m !== victim);
    const next = usage(left);
    shed.push({
      service: victim.service,
      tier: victim.tier,
      bytes: victim.bytes,
      usageBefore: round(u),
      usageAfter: round(next),
      startedByAction: (victim as Member).startedByAction,
    });
    u = next;
  }
  // In dry run the guard only says what it would stop.
  const effective = state.dryRun ? members : left;
  const overBudget = state.budgetBytes !== undefined ? Math.max(0, sum(effective) - budget) : 0;
  const overHost = Math.max(0, hostUsed(effective) - total);
  const noFit = usage(effective) >= 1 || overHost > 0;

  const verdict: PlanMemory['verdict'] = noFit
    ? 'no-fit'
    : after < t.warn
      ? 'fits'
      : after < t.shedOptional || shed.length === 0
        ? 'warn'
        : 'shed';
  return {
    verdict,
    budgetBytes: budget,
    budgetSource: state.budgetBytes !== undefined ? 'setting' : 'host',
    warnAt: t.warn,
    shedOptionalAt: t.shedOptional,
    shedCoreAt: t.shedCore,
    guardDryRun: state.dryRun,
    stackBeforeBytes: stackBefore,
    stackAfterBytes: sum(members),
    usedBeforeBytes: usedBefore,
    usedAfterBytes: used(members),
    usageBefore: round(budget > 0 ? usedBefore / budget : 0),
    usageAfter: round(after),
    hostTotalBytes: total,
    hostAvailableBytes: state.hostAvailableBytes,
    hostAvailableAfterBytes: total - hostUsed(members),
    addsBytes: sum(change.adds) + outside + Object.values(change.grows ?? {}).reduce((a, b) => a + b, 0),
    shed,
    ...(shed.length ? { usageAfterShed: round(usage(effective)) } : {}),
    oomOrder: noFit ? oomOrder(effective, total, Math.max(overBudget, overHost)) : [],
  };
}

/** The kernel's order (highest badness first), as many as it takes to free `shortBytes` (at least one). */
export function oomOrder(members: Member[], totalBytes: number, shortBytes: number): PlanMemory['oomOrder'] {
  const ranked = members
    .filter((m) => m.oomScoreAdj > -1000)
    .map((m) => ({ m, badness: m.bytes + Math.round((m.oomScoreAdj * totalBytes) / 1000) }))
    .sort((a, b) => b.badness - a.badness);
  const out: PlanMemory['oomOrder'] = [];
  let freed = 0;
  for (const { m, badness } of ranked) {
    out.push({
      service: m.service,
      tier: m.tier,
      bytes: m.bytes,
      oomScoreAdj: m.oomScoreAdj,
      badnessBytes: badness,
      startedByAction: m.startedByAction,
    });
    freed += m.bytes;
    if (freed >= shortBytes) break;
  }
  return out;
}

function sum(ms: { bytes: number }[]): number {
  return ms.reduce((a, m) => a + m.bytes, 0);
}
