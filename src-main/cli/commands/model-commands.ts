import type { PullState } from '../../../src-shared/api';
import type { ActOutcome, PlanAction, PlanOverride } from '../../../src-shared/api/features/planner';
import { formatBytes } from '../../../src-shared/format';
import { planLines } from '../../planner';
import { UsageError, type CliIo, type Command } from '../command';
import type { Core } from '../../core';

/** Prints the plan when it is not a plain "fits"; says how to go on when nothing was done. */
async function planned(
  core: Core,
  action: PlanAction,
  force: boolean,
  io: CliIo,
): Promise<Extract<ActOutcome, { acted: true }> | undefined> {
  const override: PlanOverride | undefined = force ? { kind: 'anyway' } : undefined;
  const outcome = await core.planner.act(action, override);
  if (outcome.plan.verdict !== 'fits') io.err(planLines(outcome.plan).join('\n') + '\n');
  if (!outcome.acted) {
    io.err(`Not done: ${outcome.plan.summary}.\nRun again with --force to go ahead anyway.\n`);
    return undefined;
  }
  if (outcome.plan.verdict !== 'fits') io.err('Going ahead anyway; the memory guard recorded it with this plan.\n');
  return outcome;
}

export const pullCommand: Command = {
  name: 'pull',
  summary: 'Pull a model into Ollama, after checking that it fits (disk, and memory once loaded)',
  usage: 'sutazai pull MODEL [--force]',
  options: { force: { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals, io, context) {
    if (positionals.length !== 1) throw new UsageError('give one model, e.g. `sutazai pull tinyllama`');
    const model = positionals[0]!;
    const core = context.core();
    const outcome = await planned(core, { kind: 'pull-model', model }, values.force === true, io);
    if (!outcome) return 1;
    const final = await new Promise<PullState>((resolve) => {
      let shown = '';
      const watching = core.models.pulls.watch((states) => {
        const s = states.find((p) => p.model === model);
        if (!s) return;
        const done = s.layers.reduce((a, l) => a + l.completed, 0);
        const total = s.layers.reduce((a, l) => a + l.total, 0);
        const line = `${s.phase}${total ? ` ${formatBytes(done)} of ${formatBytes(total)}` : ''}`;
        if (line !== shown && s.status === 'running') io.out(`${line}\n`);
        shown = line;
        if (s.status !== 'running') {
          queueMicrotask(() => watching.dispose());
          resolve(s);
        }
      });
    });
    if (final.status === 'success') io.out(`✓ pulled ${model}\n`);
    else io.err(`✗ ${model}: ${final.error ?? final.status}\n`);
    return final.status === 'success' ? 0 : 1;
  },
};

export const loadCommand: Command = {
  name: 'load',
  summary: 'Load a model into memory, after checking that it fits next to what runs',
  usage: 'sutazai load MODEL [--context N] [--force]',
  options: { force: { type: 'boolean' }, context: { type: 'string' } },
  allowPositionals: true,
  async run(values, positionals, io, context) {
    if (positionals.length !== 1) throw new UsageError('give one model, e.g. `sutazai load tinyllama`');
    const contextLength = values.context === undefined ? undefined : Number(values.context);
    if (contextLength !== undefined && !(Number.isInteger(contextLength) && contextLength >= 256))
      throw new UsageError(`--context: '${String(values.context)}' is not a number of tokens (256 or more)`);
    const model = positionals[0]!;
    const outcome = await planned(
      context.core(),
      { kind: 'load-model', model, ...(contextLength ? { contextLength } : {}) },
      values.force === true,
      io,
    );
    if (!outcome) return 1;
    if (outcome.result.kind !== 'load') throw new Error('the planner answered a load with another result');
    const r = outcome.result;
    io.out(
      `✓ loaded ${model}${r.sizeBytes ? `: ${formatBytes(r.sizeBytes)}${r.vramBytes ? `, ${formatBytes(r.vramBytes)} in VRAM` : ', none in VRAM'}` : ''}\n`,
    );
    return 0;
  },
};
