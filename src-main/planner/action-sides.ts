import { ApiError, type ServiceSpec } from '../../src-shared/api';
import type {
  PlanAction,
  PlanDisk,
  PlanFigure,
  PlanLimit,
  PlanMemory,
  PlanModel,
  PlannedService,
} from '../../src-shared/api/features/planner';
import { formatMemory } from '../../src-shared/format';
import { oomScoreAdjForTier } from '../stack';
import type { Member, MemoryChange } from './memory-outcome';
import { optionalLeftOut } from './plan-choices';
import type { PlanContext } from './plan-context';
import type { PlannerOptions, PlanVariant } from './planner-deps';
import { expectedUse, type ProjectModels } from './project-models';
import { readOllama, modelFacts } from './ollama-now';
import { diskLine, modelsFolder, ollamaInStack, planModelSide } from './model-plan';
import type { RegistryModel } from './ollama-registry';
import { describeUsage } from './service-usage';

/** An action's part of a plan: what it adds to memory and disk, and what it involves. */
export interface ActionSide {
  services: PlannedService[];
  change: MemoryChange;
  /** Replaces the memory verdict where the action has a limit of its own to cross (Ollama's, a service's). */
  memoryVerdict?: Pick<PlanMemory, 'verdict' | 'oomOrder'>;
  limitNote?: string;
  model?: PlanModel;
  limit?: PlanLimit;
  disk: PlanDisk[];
  inputs: PlanFigure[];
  notes: string[];
  /** Services the action starts or needs running. */
  involved: string[];
  /** Optional services a profile start could leave out. */
  leaveOut: string[];
}

export interface SideHelpers {
  options: PlannerOptions;
  models: ProjectModels;
  dataRoot: () => Promise<string | undefined>;
  registry: (model: string) => Promise<RegistryModel>;
}

const empty = (): Omit<ActionSide, 'change'> => ({
  services: [],
  disk: [],
  inputs: [],
  notes: [],
  involved: [],
  leaveOut: [],
});

export async function planAction(
  action: PlanAction,
  variant: PlanVariant,
  ctx: PlanContext,
  h: SideHelpers,
): Promise<ActionSide> {
  switch (action.kind) {
    case 'start-profile': {
      const model = h.models.load(action.profiles);
      const names = Object.keys(model.services).filter((n) => !(variant.exclude ?? []).includes(n));
      const side = await startSide(names, model.services, ctx, h);
      side.leaveOut = optionalLeftOut(
        side.services.filter((s) => s.from !== 'running').map((s) => s.service),
        model.services,
      );
      if (variant.exclude?.length) side.notes.push(`leaves out ${variant.exclude.join(', ')}`);
      return { ...side, change: { ...side.change, ...(variant.stops ? { stops: variant.stops } : {}) } };
    }
    case 'start-service': {
      const spec = specOf(h.models, action.service);
      const side = await startSide([spec.name], { [spec.name]: spec }, ctx, h);
      return { ...side, change: { ...side.change, ...(variant.stops ? { stops: variant.stops } : {}) } };
    }
    case 'pull-model':
    case 'load-model':
      return modelSide(action, variant, ctx, h);
    case 'apply-limit':
      return limitSide(action, ctx, h);
  }
}

function specOf(models: ProjectModels, service: string): ServiceSpec {
  const spec = models.all().services[service];
  if (!spec)
    throw new ApiError(
      'NOT_FOUND',
      `the project ${models.stack.project} has no service '${service}'`,
      'Pick one of its services.',
    );
  return spec;
}

async function startSide(
  names: string[],
  specs: Record<string, ServiceSpec>,
  ctx: PlanContext,
  h: SideHelpers,
): Promise<ActionSide> {
  const services: PlannedService[] = [];
  const adds: Member[] = [];
  for (const name of names.sort()) {
    const spec = specs[name]!;
    const running = ctx.running.filter((m) => m.service === name);
    if (running.length) {
      services.push({
        service: name,
        tier: spec.tier,
        bytes: running.reduce((a, m) => a + m.bytes, 0),
        from: 'running',
        source: 'runs already: its working set now (adds nothing)',
        oomScoreAdj: running[0]!.oomScoreAdj,
      });
      continue;
    }
    const use = expectedUse(spec, h.options.history?.get(name, ctx.project));
    // What its tier gets, as a running service of that tier shows it (an engine that refuses negative values gives 0).
    const oomScoreAdj = ctx.running.find((m) => m.tier === spec.tier)?.oomScoreAdj ?? oomScoreAdjForTier(spec.tier);
    services.push({
      service: name,
      tier: spec.tier,
      bytes: use.bytes,
      from: use.from,
      source: use.source,
      oomScoreAdj,
    });
    adds.push({
      id: `new:${name}`,
      project: ctx.project,
      service: name,
      tier: spec.tier,
      bytes: use.bytes,
      oomScoreAdj,
      startedByAction: true,
    });
  }
  const root = await h.dataRoot().catch(() => undefined);
  const disk: PlanDisk[] = [];
  if (root && adds.length) {
    const free = await h.options.host!.diskFree(root);
    disk.push(
      diskLine(
        'engine data',
        { path: root, source: "the engine's data root (images, containers, volumes)" },
        free,
        null,
      ),
    );
  }
  const notes = services.some((s) => s.from === 'none')
    ? [
        'services with neither history nor a memory setting are counted as nothing: the plan is only as good as its figures',
      ]
    : [];
  return { ...empty(), services, change: { adds }, disk, notes, involved: names };
}

async function modelSide(
  action: Extract<PlanAction, { kind: 'pull-model' | 'load-model' }>,
  variant: PlanVariant,
  ctx: PlanContext,
  h: SideHelpers,
): Promise<ActionSide> {
  const ollama = await readOllama(h.options.ollama);
  const stackOllama = ctx.running.find((m) => m.service === 'ollama');
  const spec = h.models.all().services.ollama;
  const environment = spec?.environment ?? {};
  const facts = modelFacts(ollama, action.model);
  let registry: RegistryModel | undefined;
  let registryError: string | undefined;
  if (!facts && action.kind === 'pull-model') {
    registry = await h.registry(action.model).catch((err: Error) => ((registryError = err.message), undefined));
  }
  if (!facts && action.kind === 'load-model')
    throw new ApiError('NOT_FOUND', `${action.model} is not installed in Ollama at ${ollama.url}`, 'Pull it first.');
  const known =
    facts ??
    (registry
      ? { sizeBytes: registry.modelBytes, parameterSize: registry.parameterSize, quantization: registry.quantization }
      : undefined);
  const estimate = known
    ? await h.options.hardware.modelEstimate(
        { name: action.model, ...definedOnly(known) },
        {
          ...(action.kind === 'load-model' && action.contextLength ? { contextLength: action.contextLength } : {}),
          ollamaEnvironment: environment,
        },
      )
    : undefined;
  const side = planModelSide({
    model: action.model,
    kind: action.kind === 'pull-model' ? 'pull' : 'load',
    ollama,
    stackOllama,
    environment,
    serviceHasGpu: (spec?.deviceRequests.length ?? 0) > 0,
    gpus: ctx.gpus,
    estimate,
    registry,
    ...(registryError ? { registryError } : {}),
  });
  const inStack = ollamaInStack(ollama, stackOllama);
  const inputs: PlanFigure[] = [
    {
      label: 'Ollama holds',
      value: ollama.reachable
        ? ollama.held.length
          ? ollama.held
              .map((m) => `${m.name} ${formatMemory(m.sizeBytes)} (${formatMemory(m.vramBytes)} in VRAM)`)
              .join(', ')
          : 'no model'
        : 'unknown',
      source: ollama.reachable ? `${ollama.url}/api/ps` : `${ollama.url}: ${ollama.error ?? 'no answer'}`,
    },
  ];
  if (side.model.estimate)
    inputs.push({
      label: `${side.model.model} once loaded`,
      value: `${formatMemory(side.model.estimate.totalBytes)} (weights ${formatMemory(side.model.estimate.weightsBytes)}, KV cache ${formatMemory(side.model.estimate.kvCacheBytes)} for ${side.model.estimate.contextLength} tokens × ${side.model.estimate.parallel}, graph ${formatMemory(side.model.estimate.graphBytes)})`,
      bytes: side.model.estimate.totalBytes,
      source: `the model-memory estimate (weights from the ${side.model.estimate.weightsFrom === 'file-size' ? 'file size' : 'parameters × bits per weight'}${registry ? `, ${registry.source}` : ''}; KV from ${side.model.estimate.kvFrom === 'architecture' ? 'its layers and heads' : 'a share of its parameters'})`,
    });
  const disk: PlanDisk[] = [];
  if (action.kind === 'pull-model') {
    const where = modelsFolder(stackOllama, inStack, h.options.env ?? process.env);
    const free = await h.options.host!.diskFree(where.path);
    disk.push(diskLine('models', where, free, side.model.downloadBytes));
  }
  const side2: ActionSide = {
    ...empty(),
    change: { ...side.change, ...(variant.stops ? { stops: variant.stops } : {}) },
    model: side.model,
    disk,
    inputs,
    notes: side.notes,
    involved: inStack ? ['ollama'] : [],
  };
  const limit = stackOllama?.facts.limitBytes;
  const grows = side.change.grows?.ollama ?? 0;
  if (inStack && stackOllama && limit && grows > 0 && stackOllama.bytes + grows > limit) {
    side2.limitNote = `Ollama would need ${formatMemory(stackOllama.bytes + grows)}, over its container's ${formatMemory(limit)} limit: the kernel kills its model runner`;
    side2.memoryVerdict = {
      verdict: 'no-fit',
      oomOrder: [
        {
          service: 'ollama',
          tier: stackOllama.tier,
          bytes: stackOllama.bytes + grows,
          oomScoreAdj: stackOllama.oomScoreAdj,
          badnessBytes: stackOllama.bytes + grows,
          startedByAction: false,
        },
      ],
    };
  }
  return side2;
}

function limitSide(action: Extract<PlanAction, { kind: 'apply-limit' }>, ctx: PlanContext, h: SideHelpers): ActionSide {
  const spec = specOf(h.models, action.service);
  if (action.reservationBytes !== undefined && action.reservationBytes > action.limitBytes)
    throw new ApiError(
      'INVALID_INPUT',
      `reservationBytes: ${formatMemory(action.reservationBytes)} is above the limit of ${formatMemory(action.limitBytes)}`,
    );
  const usage = h.options.history?.get(action.service, ctx.project);
  const running = ctx.running.filter((m) => m.service === action.service);
  const now = running.reduce((a, m) => a + m.bytes, 0);
  const expected = Math.max(usage?.p99Bytes ?? 0, now);
  const source =
    usage && usage.p99Bytes >= now
      ? describeUsage(usage, 'p99')
      : running.length
        ? 'its working set now'
        : 'no measured use';
  const limit: PlanLimit = {
    service: action.service,
    currentLimitBytes: spec.limits.memoryBytes ?? null,
    newLimitBytes: action.limitBytes,
    newReservationBytes: action.reservationBytes ?? null,
    expectedBytes: expected,
    source,
  };
  const side: ActionSide = { ...empty(), change: { adds: [] }, limit, involved: [action.service] };
  if (expected > action.limitBytes) {
    side.limitNote = `${action.service} uses up to ${formatMemory(expected)} (${source}), above the new ${formatMemory(action.limitBytes)} limit: the kernel would OOM-kill it`;
    side.memoryVerdict = {
      verdict: 'no-fit',
      oomOrder: [
        {
          service: action.service,
          tier: spec.tier,
          bytes: expected,
          oomScoreAdj: running[0]?.oomScoreAdj ?? oomScoreAdjForTier(spec.tier),
          badnessBytes: expected,
          startedByAction: false,
        },
      ],
    };
  } else if (expected > action.limitBytes * 0.9) {
    side.notes.push(`${action.service} would run above 90 % of its new limit (${formatMemory(expected)})`);
    side.memoryVerdict = { verdict: 'warn', oomOrder: [] };
  }
  return side;
}

function definedOnly<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as never;
}
