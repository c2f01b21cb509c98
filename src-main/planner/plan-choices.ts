import type { ServiceSpec } from '../../src-shared/api';
import type { PlanChoice, PlanMemory, PlanVerdict } from '../../src-shared/api/features/planner';
import { memoryOutcome, type MemoryChange, type MemoryState } from './memory-outcome';

/** At most this many running services are offered to stop first. */
const STOP_CANDIDATES = 5;
const TIER_ORDER = { optional: 0, core: 1, critical: 2 } as const;

/**
 * The optional services an action starts that can be left out: those no service that stays
 * needs (a required dependency keeps its dependency).
 */
export function optionalLeftOut(adds: string[], specs: Record<string, ServiceSpec>): string[] {
  const keep = new Set(adds.filter((n) => specs[n]?.tier !== 'optional'));
  const queue = [...keep];
  while (queue.length) {
    for (const [dep, d] of Object.entries(specs[queue.pop()!]?.dependsOn ?? {})) {
      if (d.required && adds.includes(dep) && !keep.has(dep)) {
        keep.add(dep);
        queue.push(dep);
      }
    }
  }
  return adds.filter((n) => !keep.has(n));
}

/**
 * The ways to go on when a plan is not a plain "fits", each with the verdict it would have:
 * anyway; without the optional services (when it starts some that can be left out); stopping one
 * running service first (the guard's order: optional before core, larger first; never a critical
 * one, never one the action needs); cancel.
 */
export function planChoices(input: {
  verdict: PlanVerdict;
  memory: PlanMemory;
  state: MemoryState;
  change: MemoryChange;
  diskEnough: boolean;
  /** Services the action starts or needs running: never offered to stop. */
  involved: string[];
  /** Optional services that can be left out of a profile start. */
  leaveOut: string[];
}): PlanChoice[] {
  if (input.verdict === 'fits') return [];
  const judge = (m: PlanMemory): PlanVerdict => (input.diskEnough ? m.verdict : 'no-disk');
  const choices: PlanChoice[] = [{ kind: 'anyway', verdict: input.verdict }];
  if (input.leaveOut.length) {
    const change = { ...input.change, adds: input.change.adds.filter((a) => !input.leaveOut.includes(a.service)) };
    choices.push({
      kind: 'without-optional',
      leavesOut: input.leaveOut,
      verdict: judge(memoryOutcome(input.state, change)),
    });
  }
  const seen = new Set<string>();
  const candidates = input.state.running
    .filter((m) => m.tier !== 'critical' && !input.involved.includes(m.service))
    .sort((a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || b.bytes - a.bytes)
    .filter((m) => !seen.has(m.service) && seen.add(m.service))
    .slice(0, STOP_CANDIDATES);
  for (const m of candidates) {
    const freed = input.state.running.filter((r) => r.service === m.service).reduce((a, r) => a + r.bytes, 0);
    const outcome = memoryOutcome(input.state, { ...input.change, stops: [...(input.change.stops ?? []), m.service] });
    choices.push({ kind: 'stop-first', service: m.service, freesBytes: freed, verdict: judge(outcome) });
  }
  choices.push({ kind: 'cancel' });
  return choices;
}
