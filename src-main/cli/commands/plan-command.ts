import type { PlanAction } from '../../../src-shared/api/features/planner';
import { planLines } from '../../planner';
import { parseBytes } from '../../stack';
import { STACK_OPTIONS, UsageError, type Command } from '../command';

const USAGE = [
  'sutazai plan up PROFILE...            starting profiles',
  '             start SERVICE            starting one service that has a container',
  '             pull MODEL               pulling a model (its size from the registry)',
  '             load MODEL [--context N] loading an installed model',
  '             limit SERVICE SIZE [--reservation SIZE]   a memory limit',
  '             [--json] [--templates DIR] [--project NAME]',
].join('\n');

export const planCommand: Command = {
  name: 'plan',
  summary: 'Say whether an action would fit next to what runs, and why, without doing it',
  usage: USAGE,
  options: {
    ...STACK_OPTIONS,
    json: { type: 'boolean' },
    context: { type: 'string' },
    reservation: { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals, io, context) {
    const plan = await context.core().planner.plan(actionOf(positionals, values));
    if (values.json) io.out(JSON.stringify(plan, null, 2) + '\n');
    else io.out(planLines(plan).join('\n') + '\n');
    return plan.verdict === 'fits' ? 0 : 1;
  },
};

export function actionOf(
  positionals: string[],
  values: Record<string, string | boolean | string[] | undefined>,
): PlanAction {
  const [verb, ...rest] = positionals;
  const one = (what: string): string => {
    if (rest.length !== 1) throw new UsageError(`plan ${verb}: give one ${what}`);
    return rest[0]!;
  };
  switch (verb) {
    case 'up':
      if (rest.length === 0) throw new UsageError('plan up: give at least one profile');
      return { kind: 'start-profile', profiles: rest };
    case 'start':
      return { kind: 'start-service', service: one('service') };
    case 'pull':
      return { kind: 'pull-model', model: one('model') };
    case 'load': {
      const contextLength = values.context === undefined ? undefined : Number(values.context);
      if (contextLength !== undefined && !(Number.isInteger(contextLength) && contextLength >= 256))
        throw new UsageError(`--context: '${String(values.context)}' is not a number of tokens (256 or more)`);
      return { kind: 'load-model', model: one('model'), ...(contextLength ? { contextLength } : {}) };
    }
    case 'limit': {
      if (rest.length !== 2) throw new UsageError('plan limit: give a service and a size, e.g. `plan limit qdrant 1G`');
      const size = (text: string, flag: string) => {
        const bytes = parseBytes(text);
        if (bytes === undefined)
          throw new UsageError(`${flag}: "${text}" is not a size: write e.g. 12G, 12 GiB or 512M`);
        return bytes;
      };
      const reservation =
        values.reservation === undefined ? undefined : size(String(values.reservation), '--reservation');
      return {
        kind: 'apply-limit',
        service: rest[0]!,
        limitBytes: size(rest[1]!, 'SIZE'),
        ...(reservation !== undefined ? { reservationBytes: reservation } : {}),
      };
    }
    default:
      throw new UsageError(`plan: '${verb ?? ''}' is not an action; use up, start, pull, load or limit`);
  }
}
