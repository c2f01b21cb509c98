import { z } from 'zod';

/**
 * What the planner answers before an action: will it fit next to what runs, and why. Declared as
 * zod schemas because the HTTP API returns it too (and its OpenAPI document is generated from them).
 */

const bytes = z.number().int();
const share = z.number().describe('A fraction of the budget (0.8 = 80 %).');
const tier = z.enum(['critical', 'core', 'optional']);

export const PLAN_VERDICTS = ['fits', 'warn', 'shed', 'no-fit', 'no-disk'] as const;
export const planVerdict = z
  .enum(PLAN_VERDICTS)
  .describe(
    'fits; warn: fits but crosses the warning line; shed: the memory guard would stop services (memory.shed); ' +
      'no-fit: would not fit even so (memory.oomOrder: what the kernel kills first); no-disk: not enough disk.',
  );
export type PlanVerdict = z.output<typeof planVerdict>;

export const planFigure = z
  .object({
    label: z.string(),
    value: z.string().describe('As shown to the user, e.g. "18.2 GiB".'),
    bytes: bytes.optional(),
    source: z.string().describe('Where the figure came from, e.g. "/proc/meminfo MemAvailable".'),
  })
  .strict();

export const EXPECTED_FROM = ['history', 'reservation', 'limit', 'running', 'none'] as const;

export const plannedService = z
  .object({
    service: z.string(),
    tier,
    bytes: bytes.describe('Expected working set once running.'),
    from: z
      .enum(EXPECTED_FROM)
      .describe(
        'history: p95 of its measured working set; reservation or limit: its compose memory setting; running: already runs (adds nothing)',
      ),
    source: z.string().describe('The figure in words, with the series, window and points it came from.'),
    oomScoreAdj: z.number().int(),
  })
  .strict();

export const shedStep = z
  .object({
    service: z.string(),
    tier,
    bytes,
    usageBefore: share,
    usageAfter: share,
    startedByAction: z.boolean().describe('One of the services this action starts.'),
  })
  .strict();

export const oomVictim = z
  .object({
    service: z.string(),
    tier,
    bytes,
    oomScoreAdj: z.number().int(),
    /** The kernel's badness: working set plus oom_score_adj thousandths of memory. */
    badnessBytes: bytes.describe('The kernel’s score: its memory plus oom_score_adj/1000 of all memory.'),
    startedByAction: z.boolean(),
  })
  .strict();

export const planMemory = z
  .object({
    verdict: z.enum(['fits', 'warn', 'shed', 'no-fit']),
    budgetBytes: bytes,
    budgetSource: z.enum(['setting', 'host']),
    warnAt: share,
    shedOptionalAt: share,
    shedCoreAt: share,
    guardDryRun: z.boolean(),
    stackBeforeBytes: bytes,
    stackAfterBytes: bytes,
    usedBeforeBytes: bytes.describe('What the guard compares with the budget: the stack, or the host’s used memory.'),
    usedAfterBytes: bytes,
    usageBefore: share,
    usageAfter: share,
    hostTotalBytes: bytes,
    hostAvailableBytes: bytes,
    hostAvailableAfterBytes: bytes,
    addsBytes: bytes.describe('Memory the action adds.'),
    shed: z.array(shedStep).describe('What the guard would stop, in its order.'),
    usageAfterShed: share.optional(),
    oomOrder: z.array(oomVictim).describe('When it would not fit even so: what the kernel would kill first.'),
  })
  .strict();

export const modelEstimate = z
  .object({
    weightsBytes: bytes,
    kvCacheBytes: bytes,
    graphBytes: bytes,
    totalBytes: bytes,
    contextLength: z.number().int(),
    parallel: z.number().int(),
    weightsFrom: z.enum(['file-size', 'parameters']),
    kvFrom: z.enum(['architecture', 'approximate']),
  })
  .strict();

export const planModel = z
  .object({
    model: z.string(),
    installed: z.boolean(),
    loaded: z.boolean(),
    estimate: modelEstimate.nullable(),
    where: z
      .enum(['vram', 'split', 'ram', 'cpu-only', 'unknown'])
      .describe('vram: whole on a GPU; split: spills out of VRAM; cpu-only: a GPU is present but not used.'),
    vramBytes: bytes,
    ramBytes: bytes,
    note: z.string(),
    downloadBytes: bytes.nullable().describe('What a pull downloads, when known.'),
    ollama: z
      .object({
        url: z.string(),
        reachable: z.boolean(),
        inStack: z.boolean().describe('Ollama runs as a service of this project (its memory is the container’s).'),
        limitBytes: bytes.optional(),
        holds: z.array(z.object({ name: z.string(), sizeBytes: bytes, vramBytes: bytes }).strict()),
      })
      .strict(),
  })
  .strict();

export const planDisk = z
  .object({
    label: z.string(),
    path: z.string(),
    freeBytes: bytes.nullable(),
    needBytes: bytes.nullable(),
    enough: z.boolean(),
    source: z.string(),
  })
  .strict();

export const planChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('anyway'), verdict: planVerdict }).strict(),
  z.object({ kind: z.literal('without-optional'), leavesOut: z.array(z.string()), verdict: planVerdict }).strict(),
  z.object({ kind: z.literal('stop-first'), service: z.string(), freesBytes: bytes, verdict: planVerdict }).strict(),
  z.object({ kind: z.literal('cancel') }).strict(),
]);

export const planLimit = z
  .object({
    service: z.string(),
    currentLimitBytes: bytes.nullable(),
    newLimitBytes: bytes,
    newReservationBytes: bytes.nullable(),
    expectedBytes: bytes,
    source: z.string(),
  })
  .strict();
