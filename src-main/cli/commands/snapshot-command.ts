import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { scheduleSettings, snapshotId } from '../../../src-shared/api/features/snapshot-model';
import { createOptions, projectName, snapshotPassphrase } from '../../../src-shared/api/features/snapshots';
import { STACK_OPTIONS, UsageError, type CliIo, type Command } from '../command';
import {
  cloneText,
  listText,
  planText,
  progressPrinter,
  restorePlanText,
  restoreText,
  verifyText,
} from './snapshot-output';

type Values = Record<string, string | boolean | string[] | undefined>;

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Input checked by the contract's own schema; the message names the option the value came from. */
function parsed<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string | ((path: PropertyKey[]) => string),
): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new UsageError(`${typeof what === 'string' ? what : what(issue.path)}: ${issue.message}`);
}

const CREATE_OPTIONS: Record<string, string> = {
  destination: '--to',
  label: '--label',
  includeModelWeights: '--weights',
};
const SCHEDULE_OPTIONS: Record<string, string> = { time: '--at', keep: '--keep', weekday: '--weekly' };

/** The passphrase from a file or SUTAZAI_SNAPSHOT_PASSPHRASE, never from the command line (other users see it there). */
function passphrase(values: Values, io: CliIo): string | undefined {
  const file = values['passphrase-file'] as string | undefined;
  const text = file ? readFileSync(resolve(file), 'utf8').replace(/\r?\n$/, '') : io.env.SUTAZAI_SNAPSHOT_PASSPHRASE;
  return text === undefined
    ? undefined
    : parsed(snapshotPassphrase, text, file ? '--passphrase-file' : 'SUTAZAI_SNAPSHOT_PASSPHRASE');
}

async function confirm(io: CliIo, yes: boolean, question: string): Promise<boolean> {
  if (yes) return true;
  if (io.isTTY && io.ask) return /^\s*y(es)?\s*$/i.test(await io.ask(`${question} [y/N] `));
  io.err('Not done: confirm on a terminal, or run again with --yes.\n');
  return false;
}

const json = (io: CliIo, value: unknown): void => io.out(JSON.stringify(value, null, 2) + '\n');

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'Snapshots of the stack: create, list, verify, restore, clone, delete, schedule',
  usage: [
    'sutazai snapshot create [--label TEXT] [--method SERVICE=auto|stop|live]... [--weights] [--to DIR] [--passphrase-file FILE] [--json]',
    '       sutazai snapshot list [--json]',
    '       sutazai snapshot verify ID [--json]',
    '       sutazai snapshot restore ID [--yes] [--passphrase-file FILE] [--json]',
    '       sutazai snapshot clone ID NEW_PROJECT [--yes] [--passphrase-file FILE] [--json]',
    '       sutazai snapshot delete ID [--json]',
    '       sutazai snapshot schedule [--daily | --weekly DAY | --off] [--at HH:MM] [--keep N] [--weights] [--json]',
    '       (all take --project NAME and --templates DIR; the passphrase can also come from SUTAZAI_SNAPSHOT_PASSPHRASE)',
  ].join('\n'),
  options: {
    ...STACK_OPTIONS,
    json: { type: 'boolean' },
    yes: { type: 'boolean' },
    label: { type: 'string' },
    method: { type: 'string', multiple: true },
    weights: { type: 'boolean' },
    to: { type: 'string' },
    'passphrase-file': { type: 'string' },
    daily: { type: 'boolean' },
    weekly: { type: 'string' },
    off: { type: 'boolean' },
    at: { type: 'string' },
    keep: { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals, io, context) {
    const [verb, ...args] = positionals;
    const verbs = ['create', 'list', 'verify', 'restore', 'clone', 'delete', 'schedule'];
    if (!verb || !verbs.includes(verb)) throw new UsageError(`say what to do: ${verbs.join(', ')}`);
    const expected = { create: 0, list: 0, schedule: 0, verify: 1, restore: 1, delete: 1, clone: 2 }[verb]!;
    if (args.length !== expected)
      throw new UsageError(
        `${verb} takes ${expected === 0 ? 'no' : expected} ${expected === 2 ? 'arguments (ID NEW_PROJECT)' : expected === 1 ? 'argument (ID)' : 'arguments'}`,
      );
    const id = args[0] === undefined ? undefined : parsed(snapshotId, args[0], 'ID');
    const snapshots = context.core().snapshots;
    // A snapshot or restore that died in the middle is finished or undone first.
    for (const line of await snapshots.recover()) io.err(`${line}\n`);
    const printProgress = values.json ? undefined : snapshots.onProgress(progressPrinter(io.out));
    try {
      switch (verb) {
        case 'create': {
          const methods = Object.fromEntries(
            ((values.method as string[] | undefined) ?? []).map((m) => {
              const eq = m.indexOf('=');
              if (eq < 1) throw new UsageError(`--method: '${m}' is not SERVICE=auto|stop|live`);
              return [m.slice(0, eq), m.slice(eq + 1)];
            }),
          );
          const options = parsed(
            createOptions,
            {
              ...(Object.keys(methods).length ? { methods } : {}),
              ...(values.weights ? { includeModelWeights: true } : {}),
              ...(values.to ? { destination: resolve(values.to as string) } : {}),
              ...(values.label !== undefined ? { label: values.label } : {}),
            },
            ([field, service]) =>
              field === 'methods' ? `--method ${String(service)}` : (CREATE_OPTIONS[String(field)] ?? String(field)),
          );
          const secret = passphrase(values, io);
          if (!values.json) io.out(planText(await snapshots.plan(options)));
          const summary = await snapshots.create({ ...options, ...(secret ? { passphrase: secret } : {}) });
          if (values.json) json(io, summary);
          else io.out(`✓ ${summary.id}: complete, ${summary.services.length} services in ${summary.folder}\n`);
          return 0;
        }
        case 'list':
          if (values.json) json(io, snapshots.list());
          else io.out(listText(snapshots.list()));
          return 0;
        case 'verify': {
          const report = await snapshots.verify(id!);
          if (values.json) json(io, report);
          else io.out(verifyText(report));
          return report.ok ? 0 : 1;
        }
        case 'restore': {
          const plan = await snapshots.restorePlan(id!);
          if (!values.json) io.out(restorePlanText(plan));
          if (!(await confirm(io, values.yes === true, `Overwrite these volumes with ${id}?`))) return 1;
          const secret = passphrase(values, io);
          const report = await snapshots.restore({
            id: id!,
            confirmToken: plan.confirmToken,
            ...(secret ? { passphrase: secret } : {}),
          });
          if (values.json) json(io, report);
          else io.out(restoreText(report));
          return report.started.every((s) => s.ready) ? 0 : 1;
        }
        case 'clone': {
          const project = parsed(projectName, args[1], 'NEW_PROJECT');
          const secret = passphrase(values, io);
          const report = await snapshots.clone({
            id: id!,
            project,
            acknowledge: values.yes === true,
            ...(secret ? { passphrase: secret } : {}),
          });
          if (values.json) json(io, report);
          else io.out(cloneText(report));
          return report.started.every((s) => s.ready) ? 0 : 1;
        }
        case 'delete': {
          const result = snapshots.delete(id!);
          if (values.json) json(io, result);
          else io.out(`deleted ${result.deleted}\n`);
          return 0;
        }
        default: {
          const patch: Record<string, unknown> = {};
          if (values.off) patch.enabled = false;
          if (values.daily) Object.assign(patch, { enabled: true, frequency: 'daily' });
          if (values.weekly !== undefined) {
            const day = WEEKDAYS.indexOf(String(values.weekly).slice(0, 3).toLowerCase());
            if (day < 0)
              throw new UsageError(`--weekly: '${String(values.weekly)}' is not a day (${WEEKDAYS.join(', ')})`);
            Object.assign(patch, { enabled: true, frequency: 'weekly', weekday: day });
          }
          if (values.at !== undefined) patch.time = values.at;
          if (values.keep !== undefined) patch.keep = Number(values.keep);
          if (values.weights) patch.includeModelWeights = true;
          const view = Object.keys(patch).length
            ? snapshots.setSchedule(
                parsed(
                  scheduleSettings.partial(),
                  patch,
                  ([field]) => SCHEDULE_OPTIONS[String(field)] ?? String(field),
                ),
              )
            : snapshots.schedule();
          if (values.json) json(io, view);
          else {
            const s = view.settings;
            io.out(
              s.enabled
                ? `${s.frequency === 'daily' ? 'daily' : `weekly on ${WEEKDAYS[s.weekday]}`} at ${s.time}, keeping ${s.keep}; next run ${view.nextRunAt ?? '-'} (run by the desktop app or \`sutazai serve\`)\n`
                : 'no schedule\n',
            );
            if (view.lastRun)
              io.out(
                `last run ${view.lastRun.at}: ${view.lastRun.ok ? view.lastRun.id : `failed: ${view.lastRun.error}`}\n`,
              );
          }
          return 0;
        }
      }
    } finally {
      printProgress?.dispose();
    }
  },
};
