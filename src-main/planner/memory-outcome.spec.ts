import { describe, expect, it } from 'vitest';
import type { Tier } from '../../src-shared/api';
import { DEFAULT_THRESHOLDS } from '../guard';
import { memoryOutcome, type Member, type MemoryState } from './memory-outcome';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const adj = { critical: -500, core: 0, optional: 500 } as const;

function member(service: string, tier: Tier, mib: number, startedByAction = false): Member {
  return {
    id: startedByAction ? `new:${service}` : service,
    project: 'sutazai',
    service,
    tier,
    bytes: mib * MiB,
    oomScoreAdj: adj[tier],
    startedByAction,
  };
}

/** A 1 GiB budget on a 24 GiB host with a critical database (300 MiB) and an optional exporter (100 MiB) running. */
function budgetState(extra: Partial<MemoryState> = {}): MemoryState {
  return {
    hostTotalBytes: 24 * GiB,
    hostAvailableBytes: 20 * GiB,
    running: [member('db', 'critical', 300), member('exporter', 'optional', 100)],
    budgetBytes: GiB,
    thresholds: DEFAULT_THRESHOLDS,
    dryRun: false,
    ...extra,
  };
}

describe('memoryOutcome: the memory after an action, judged as the guard judges it', () => {
  it('fits under the warning line, and says what it adds', () => {
    const m = memoryOutcome(budgetState(), { adds: [member('app', 'optional', 200, true)] });
    expect(m.verdict).toBe('fits');
    expect(m.budgetSource).toBe('setting');
    expect(m.stackBeforeBytes).toBe(400 * MiB);
    expect(m.stackAfterBytes).toBe(600 * MiB);
    expect(m.usageBefore).toBe(0.391);
    expect(m.usageAfter).toBe(0.586);
    expect(m.addsBytes).toBe(200 * MiB);
    expect(m.shed).toEqual([]);
    expect(m.oomOrder).toEqual([]);
  });

  it('crosses the warning line without reaching the shed line', () => {
    expect(memoryOutcome(budgetState(), { adds: [member('app', 'optional', 450, true)] }).verdict).toBe('warn');
  });

  it('names the guard’s victim in its own order: the largest optional one, even the one just started', () => {
    const m = memoryOutcome(budgetState(), { adds: [member('hog', 'optional', 550, true)] });
    expect(m.verdict).toBe('shed');
    expect(m.shed).toEqual([
      {
        service: 'hog',
        tier: 'optional',
        bytes: 550 * MiB,
        usageBefore: 0.928,
        usageAfter: 0.391,
        startedByAction: true,
      },
    ]);
    expect(m.usageAfterShed).toBe(0.391);
  });

  it('sheds what runs already when a core service is started, optional first and one at a time', () => {
    const m = memoryOutcome(budgetState(), { adds: [member('search', 'core', 560, true)] });
    expect(m.verdict).toBe('shed');
    expect(m.shed.map((s) => s.service)).toEqual(['exporter']);
    expect(m.usageAfterShed).toBe(0.84);
  });

  it('sheds core services too above the core line, never critical ones, and then says it does not fit and what the kernel kills first', () => {
    const state = budgetState({ running: [...budgetState().running, member('cache', 'core', 200)] });
    const m = memoryOutcome(state, { adds: [member('model', 'critical', 900, true)] });
    expect(m.shed.map((s) => s.service)).toEqual(['exporter', 'cache']);
    expect(m.verdict).toBe('no-fit');
    expect(m.usageAfterShed).toBe(1.172);
    // Both left are critical (oom_score_adj -500): the kernel takes the larger first, which is enough.
    expect(m.oomOrder.map((v) => [v.service, v.oomScoreAdj, v.startedByAction])).toEqual([['model', -500, true]]);
    expect(m.oomOrder[0]!.badnessBytes).toBe(900 * MiB - 12 * GiB);
  });

  it('judges the host’s used memory when no budget is set, counting what runs outside the stack', () => {
    const state: MemoryState = {
      hostTotalBytes: 16 * GiB,
      hostAvailableBytes: 4 * GiB,
      running: [member('db', 'critical', 1536), member('flowise', 'optional', 512)],
      budgetBytes: undefined,
      thresholds: DEFAULT_THRESHOLDS,
      dryRun: false,
    };
    const m = memoryOutcome(state, { adds: [member('n8n', 'optional', 2560, true)] });
    expect(m.budgetSource).toBe('host');
    expect(m.usedBeforeBytes).toBe(12 * GiB);
    expect(m.usageAfter).toBe(0.906);
    expect(m.hostAvailableAfterBytes).toBe(1.5 * GiB);
    expect(m.verdict).toBe('shed');
    expect(m.shed.map((s) => s.service)).toEqual(['n8n']);
  });

  it('does not fit when the host runs out, whatever the budget says', () => {
    const state = budgetState({ budgetBytes: 64 * GiB, hostAvailableBytes: 1 * GiB });
    const m = memoryOutcome(state, { adds: [member('big', 'optional', 2048, true)] });
    expect(m.usageAfter).toBeLessThan(0.8);
    expect(m.verdict).toBe('no-fit');
    expect(m.hostAvailableAfterBytes).toBe(-1 * GiB);
    // oom_score_adj 500 on a 24 GiB host weighs 12 GiB: the optional newcomer goes first.
    expect(m.oomOrder[0]).toMatchObject({ service: 'big', oomScoreAdj: 500, startedByAction: true });
  });

  it('in dry run names what the guard would stop but judges the fit without it', () => {
    const m = memoryOutcome(budgetState({ dryRun: true }), { adds: [member('hog', 'optional', 700, true)] });
    expect(m.shed.map((s) => s.service)).toEqual(['hog']);
    expect(m.guardDryRun).toBe(true);
    expect(m.verdict).toBe('no-fit');
  });

  it('counts memory grown in a running service, taken outside the stack, and freed by a stop', () => {
    const grows = memoryOutcome(budgetState(), { adds: [], grows: { db: 600 * MiB } });
    expect(grows.stackAfterBytes).toBe(1000 * MiB);
    expect(grows.verdict).toBe('shed');
    const outside = memoryOutcome(budgetState(), { adds: [], outsideBytes: 2 * GiB });
    expect(outside.stackAfterBytes).toBe(400 * MiB);
    expect(outside.hostAvailableAfterBytes).toBe(18 * GiB);
    expect(outside.verdict).toBe('fits');
    const stop = memoryOutcome(budgetState(), { adds: [member('hog', 'optional', 550, true)], stops: ['exporter'] });
    expect(stop.verdict).toBe('warn');
    expect(stop.stackAfterBytes).toBe(850 * MiB);
  });
});
