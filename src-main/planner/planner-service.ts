import { randomUUID } from 'node:crypto';
import { ApiError } from '../../src-shared/api';
import type {
  ActOutcome,
  ActionResult,
  LimitSizing,
  Plan,
  PlanAction,
  PlanOverride,
} from '../../src-shared/api/features/planner';
import type { OverrideState } from '../../src-shared/api/features/hardware';
import { formatMemory } from '../../src-shared/format';
import { sizeLimit, sizingId } from './limit-sizing';
import { localHost, type PlannerOptions, type PlanVariant } from './planner-deps';
import { Cached, gatherContext, type PlanContext } from './plan-context';
import { planChoices } from './plan-choices';
import { describeAction, summarize } from './plan-text';
import { ProjectModels } from './project-models';
import { RunningMembers } from './running-members';
import { fetchRegistryModel, type RegistryModel } from './ollama-registry';
import type { GpuRoom } from './model-place';
import { memoryOutcome } from './memory-outcome';
import { planAction as planActionSide, type ActionSide } from './action-sides';

const DAY = 86_400_000;

/**
 * Will it fit, before it runs: judges starting profiles or services, pulling or loading a model,
 * and changing a limit, against what runs now, as the memory guard would judge the result; and
 * acts when it fits or when the user says how to go on. It acts on one project (its StackService),
 * so each managed project can have its own.
 */
export class PlannerService {
  readonly models: ProjectModels;
  private readonly members: RunningMembers;
  private readonly gpus: Cached<GpuRoom[]> | undefined;
  private readonly dataRoot: Cached<string | undefined>;
  private readonly registry = new Map<string, Cached<RegistryModel>>();
  private readonly o: PlannerOptions;

  constructor(options: PlannerOptions) {
    this.o = { ...options, host: options.host ?? localHost };
    this.models = new ProjectModels(options.stack);
    this.members = new RunningMembers({
      docker: options.docker,
      workingSet: options.workingSet,
      ...(options.latestSnapshot ? { latestSnapshot: options.latestSnapshot } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    this.gpus = options.gpus ? new Cached(options.gpus, 60_000, options.now) : undefined;
    this.dataRoot = new Cached(options.engineDataRoot, 60_000, options.now);
  }

  get project(): string {
    return this.o.stack.project;
  }

  /** The plan for an action; nothing is done. */
  async plan(action: PlanAction): Promise<Plan> {
    return (await this.build(action, {}, true)).plan;
  }

  /**
   * Plans, then acts when the plan is a plain "fits" or when `override` says how to go on (anyway,
   * without the optional services, stopping a service first); otherwise answers the plan alone.
   * An action taken although its plan did not fit is recorded by the guard with that plan.
   */
  async act(
    action: PlanAction,
    override?: PlanOverride,
    options: { wait?: boolean; build?: boolean } = {},
  ): Promise<ActOutcome> {
    const first = await this.build(action, {}, true);
    if (!override && first.plan.verdict === 'fits') {
      return { acted: true, plan: first.plan, stopped: [], result: await this.perform(action, {}, options) };
    }
    if (!override)
      return {
        acted: false,
        plan: first.plan,
        message: `Not done: ${first.plan.summary}. Send it again with an override ({"kind": "anyway"} or one of the plan's choices) to go ahead.`,
      };
    const variant: PlanVariant = {};
    if (override.kind === 'without-optional') {
      const choice = first.plan.choices.find((c) => c.kind === 'without-optional');
      if (!choice || choice.kind !== 'without-optional')
        throw new ApiError(
          'INVALID_INPUT',
          'override: without-optional applies only to starting profiles with optional services to leave out',
        );
      variant.exclude = choice.leavesOut;
    } else if (override.kind === 'stop-first') {
      const running = first.context.running.some((m) => m.service === override.service);
      if (!running)
        throw new ApiError('INVALID_INPUT', `override.service: ${override.service} is not running in ${this.project}`);
      if (first.side.involved.includes(override.service))
        throw new ApiError('INVALID_INPUT', `override.service: ${describeAction(action)} needs ${override.service}`);
      variant.stops = [override.service];
    }
    const chosen = override.kind === 'anyway' ? first : await this.build(action, variant, false);
    if (chosen.plan.verdict !== 'fits') this.recordAnyway(chosen.plan, override);
    for (const service of variant.stops ?? []) await this.o.stack.serviceAction(service, 'stop');
    const result = await this.perform(action, variant, options);
    return { acted: true, plan: chosen.plan, override, stopped: variant.stops ?? [], result };
  }

  /** Limits and reservations sized from the measured use of each service of the project. */
  async limits(): Promise<LimitSizing> {
    const history = this.o.history;
    await history?.fresh();
    const windowDays = history?.windowDays ?? 7;
    const now = (this.o.now ?? Date.now)();
    const usage = history?.all(this.project) ?? new Map();
    const ooms = this.o.oomKills?.(this.project, now - windowDays * DAY) ?? new Map<string, number>();
    let applied = new Set<string>();
    try {
      applied = new Set(this.o.hardware.override.state().applied.map((a) => a.id));
    } catch {
      // An override file the optimizer did not write: nothing of ours is applied.
    }
    const specs = Object.values(this.models.all().services).sort((a, b) => a.name.localeCompare(b.name));
    return {
      project: this.project,
      windowDays,
      overrideFile: this.o.stack.overrideFile,
      services: specs.map((s) => sizeLimit(s, usage.get(s.name), ooms.get(s.name) ?? 0, applied.has(sizingId(s.name)))),
    };
  }

  undoLimit(service: string): OverrideState {
    return this.o.hardware.override.undo(sizingId(service));
  }

  private async build(
    action: PlanAction,
    variant: PlanVariant,
    withChoices: boolean,
  ): Promise<{ plan: Plan; context: PlanContext; side: ActionSide }> {
    const began = performance.now();
    const [context] = await Promise.all([
      gatherContext(this.o, this.members, this.gpus),
      this.o.history?.fresh().catch(() => undefined),
    ]);
    const side = await planActionSide(action, variant, context, {
      options: this.o,
      models: this.models,
      dataRoot: () => this.dataRoot.get(),
      registry: (model) => this.registryModel(model),
    });
    const memory = side.memoryVerdict
      ? { ...memoryOutcome(context.state, side.change), ...side.memoryVerdict }
      : memoryOutcome(context.state, side.change);
    const diskEnough = side.disk.every((d) => d.enough);
    const verdict = diskEnough ? memory.verdict : 'no-disk';
    const plan: Plan = {
      id: randomUUID(),
      project: this.project,
      action,
      verdict,
      summary: summarize(verdict, memory, side.disk, {
        ...(side.limitNote ? { limitNote: side.limitNote } : {}),
        ...(side.model?.where === 'unknown' ? { unknownModel: side.model.model } : {}),
      }),
      memory,
      services: side.services,
      ...(side.model ? { model: side.model } : {}),
      ...(side.limit ? { limit: side.limit } : {}),
      disk: side.disk,
      inputs: [...context.inputs, ...side.inputs],
      notes: side.notes,
      choices: withChoices
        ? planChoices({
            verdict,
            memory,
            state: context.state,
            change: side.change,
            diskEnough,
            involved: side.involved,
            leaveOut: side.leaveOut,
          })
        : [],
      plannedAt: (this.o.now ?? Date.now)(),
      tookMs: 0,
    };
    plan.tookMs = Math.round((performance.now() - began) * 10) / 10;
    return { plan, context, side };
  }

  private registryModel(model: string): Promise<RegistryModel> {
    let entry = this.registry.get(model);
    if (!entry) {
      const read = this.o.registry ?? ((m: string) => fetchRegistryModel(m));
      entry = new Cached(() => read(model), 10 * 60_000, this.o.now, 60_000);
      this.registry.set(model, entry);
    }
    return entry.get();
  }

  private async perform(
    action: PlanAction,
    variant: PlanVariant,
    options: { wait?: boolean; build?: boolean },
  ): Promise<ActionResult> {
    try {
      return await this.run(action, variant, options);
    } finally {
      // What runs changed: the next plan reads the history again rather than a minute-old reading.
      this.o.history?.invalidate();
    }
  }

  private async run(
    action: PlanAction,
    variant: PlanVariant,
    options: { wait?: boolean; build?: boolean },
  ): Promise<ActionResult> {
    switch (action.kind) {
      case 'start-profile':
        return {
          kind: 'up',
          report: await this.o.stack.up(action.profiles, options.wait ?? true, {
            ...(options.build ? { build: true } : {}),
            ...(variant.exclude?.length ? { exclude: variant.exclude } : {}),
          }),
        };
      case 'start-service':
        return { kind: 'service', status: await this.o.stack.serviceAction(action.service, 'start') };
      case 'pull-model':
        return { kind: 'pull', state: await this.o.ollama.pull(action.model) };
      case 'load-model':
        return {
          kind: 'load',
          ...(await this.o.ollama.load(
            action.model,
            action.contextLength ? { contextLength: action.contextLength } : {},
          )),
        };
      case 'apply-limit': {
        const reservation = action.reservationBytes;
        return {
          kind: 'limit',
          overrides: this.o.hardware.override.apply({
            id: sizingId(action.service),
            title: `Size ${action.service}'s memory from its measured use: limit ${formatMemory(action.limitBytes)}${reservation ? `, reservation ${formatMemory(reservation)}` : ''}`,
            changes: {
              [action.service]: {
                memoryLimitBytes: action.limitBytes,
                ...(reservation ? { memoryReservationBytes: reservation } : {}),
              },
            },
          }),
        };
      }
    }
  }

  private recordAnyway(plan: Plan, override: PlanOverride): void {
    const m = plan.memory;
    const a = plan.action;
    const service = a.kind === 'start-service' || a.kind === 'apply-limit' ? a.service : '';
    this.o.guard.recordAnyway(
      this.project,
      service,
      `${describeAction(a)} anyway (${override.kind}): ${plan.summary}`,
      {
        action: describeAction(a),
        override: override.kind === 'stop-first' ? `stop ${override.service} first` : override.kind,
        verdict: plan.verdict,
        usageAfter: m.usageAfter,
        budgetBytes: m.budgetBytes,
        stackAfterBytes: m.stackAfterBytes,
        shed: m.shed.map((s) => s.service).join(', '),
        oomFirst: m.oomOrder.map((s) => s.service).join(', '),
        planId: plan.id,
        plan: JSON.stringify(plan),
      },
    );
  }
}
