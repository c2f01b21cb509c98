import type { ProgressEvent, ServiceRisk, UpReport } from '../../../src-shared/api';
import type { PlanOverride } from '../../../src-shared/api/features/planner';
import { planLines } from '../../planner';
import { STACK_OPTIONS, UsageError, type CliIo, type Command } from '../command';

export const upCommand: Command = {
  name: 'up',
  summary:
    'Start profiles of the stack or of a managed project (asks before settings that give a container part of the host, and when they would not fit)',
  usage:
    'sutazai up [PROFILE...] [--profile P]... [--templates DIR] [--project NAME] [--env-file FILE]... [--wait] [--build] [--yes] [--force | --without-optional] [--json]',
  options: {
    ...STACK_OPTIONS,
    profile: { type: 'string', multiple: true },
    wait: { type: 'boolean' },
    build: { type: 'boolean' },
    yes: { type: 'boolean' },
    force: { type: 'boolean' },
    'without-optional': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  allowPositionals: true,
  async run(values, positionals, io, context) {
    const profiles = [...positionals, ...((values.profile as string[] | undefined) ?? [])];
    const project = context.project();
    // A compose folder may run its services without a profile, as `docker compose up` does; the SutazAI stack's are all in one.
    if (profiles.length === 0 && !io.env.COMPOSE_PROFILES && project.kind === 'sutazai')
      throw new UsageError('give at least one profile, e.g. `sutazai up minimal` (or set COMPOSE_PROFILES)');
    {
      if (values.force && values['without-optional'])
        throw new UsageError(
          '--force starts everything anyway; --without-optional leaves the optional services out: pick one',
        );
      const stack = project.stack;
      const planner = context.core().plannerFor(project);
      const chosen = profiles.length ? profiles : undefined;
      const pending = stack.risks(chosen).filter((r) => !r.acknowledged);
      if (pending.length && !(await confirmed(pending, values.yes === true, io))) return 1;
      if (pending.length) stack.acknowledge(pending.map((r) => ({ service: r.service, configHash: r.configHash })));
      const lastPercent = new Map<string, number>();
      const progress = values.json
        ? undefined
        : stack.onProgress((e: ProgressEvent) => {
            if (e.phase === 'planned') return;
            if (e.phase === 'pulling' || e.phase === 'building') {
              const p = e.percent ?? 0;
              if (e.phase === 'pulling' && p - (lastPercent.get(e.service) ?? -10) < 10 && p < 100) return;
              lastPercent.set(e.service, p);
            }
            io.out(
              `${e.service.padEnd(20)} ${e.phase}${e.percent !== undefined ? ` ${e.percent}%` : ''}${e.detail && e.phase !== 'pulling' ? `: ${e.detail}` : ''}\n`,
            );
          });
      try {
        const planned = profiles.length ? profiles : (io.env.COMPOSE_PROFILES ?? '').split(',').map((p) => p.trim());
        const override: PlanOverride | undefined = values.force
          ? { kind: 'anyway' }
          : values['without-optional']
            ? { kind: 'without-optional' }
            : undefined;
        const outcome = await planner.act({ kind: 'start-profile', profiles: planned.filter(Boolean) }, override, {
          wait: Boolean(values.wait),
          build: values.build === true,
        });
        if (!outcome.acted) {
          if (values.json) io.out(JSON.stringify(outcome, null, 2) + '\n');
          io.err(planLines(outcome.plan).join('\n') + '\n');
          io.err(`Not started: ${outcome.plan.summary}.\n${againHint(outcome.plan.choices)}`);
          return 1;
        }
        if (outcome.plan.verdict !== 'fits') {
          io.err(planLines(outcome.plan).join('\n') + '\n');
          io.err(
            `Started ${override?.kind === 'without-optional' ? 'without the optional services' : 'anyway'}; the memory guard recorded it with this plan.\n`,
          );
        }
        if (outcome.result.kind !== 'up') throw new Error('the planner answered a start with another result');
        const report = outcome.result.report;
        const label = report.profile || '(no profile)';
        if (values.json) io.out(JSON.stringify(report, null, 2) + '\n');
        else if (report.ok)
          io.out(
            `✓ ${label}: ${report.services.length} services ${values.wait ? 'ready' : 'running'} in ${(report.durationMs / 1000).toFixed(1)} s\n`,
          );
        else if (report.engineStopped) io.err(engineStoppedText(report, againCommand(profiles, values)));
        else {
          io.err(`✗ ${label}: ${report.error}\n`);
          for (const s of report.services)
            io.err(
              `  ${s.service.padEnd(20)} ${s.outcome}${s.ready ? ', ready' : ''}${s.error ? `: ${s.error}` : ''}\n`,
            );
          io.err('Run `sutazai down` to remove what was started.\n');
        }
        return report.ok ? 0 : 1;
      } finally {
        progress?.dispose();
      }
    }
  },
};

/** How to go on when the plan says it does not fit. */
function againHint(choices: { kind: string; service?: string }[]): string {
  const lines = ['Run again with --force to start anyway'];
  if (choices.some((c) => c.kind === 'without-optional'))
    lines.push('or with --without-optional to leave the optional services out');
  const stop = choices.filter((c) => c.kind === 'stop-first').map((c) => c.service);
  if (stop.length) lines.push(`or stop one of ${stop.join(', ')} first (\`docker stop\` or the Stack page)`);
  return `${lines.join(', ')}.\n`;
}

/** Lists the settings and asks on a terminal; without one, only `--yes` confirms. */
async function confirmed(pending: ServiceRisk[], yes: boolean, io: CliIo): Promise<boolean> {
  io.err('These services get part of the host:\n');
  for (const r of pending) {
    io.err(`  ${r.service}${r.justification ? ` (${r.justification})` : ''}\n`);
    for (const s of r.settings) io.err(`    ${s.setting}: ${s.reason}\n`);
  }
  if (yes) {
    io.err('Confirmed with --yes.\n');
    return true;
  }
  if (io.isTTY && io.ask) {
    const answer = await io.ask('Start them with these settings? [y/N] ');
    if (/^\s*y(es)?\s*$/i.test(answer)) return true;
    io.err('Not started.\n');
    return false;
  }
  io.err('Not started: confirm these settings on a terminal, or run again with --yes.\n');
  return false;
}

/** The engine stopped part way: said once, with what was done and how to go on. */
function engineStoppedText(report: UpReport, again: string): string {
  const stopped = report.engineStopped!;
  const { networks, volumes, containers } = stopped.created;
  const created = [
    networks.length ? `networks ${networks.join(', ')}` : '',
    volumes.length ? `volumes ${volumes.join(', ')}` : '',
    containers.length ? `containers ${containers.join(', ')}` : '',
  ].filter(Boolean);
  const notDone = report.services.filter((s) => s.outcome === 'interrupted').map((s) => s.service);
  return [
    `✗ ${report.profile}: the Docker engine stopped during \`up\` (${stopped.reason})`,
    `  created before it stopped: ${created.length ? created.join('; ') : 'nothing'}`,
    `  started before it stopped: ${stopped.started.length ? stopped.started.join(', ') : 'nothing'}`,
    ...(notDone.length ? [`  not done: ${notDone.join(', ')}`] : []),
    `Run \`${again}\` again once the engine is back: it continues from there.`,
    '',
  ].join('\n');
}

function againCommand(profiles: string[], values: Record<string, string | boolean | string[] | undefined>): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [
    'sutazai up',
    ...profiles.map(quote),
    ...(typeof values.templates === 'string' ? ['--templates', quote(values.templates)] : []),
    ...(typeof values.project === 'string' ? ['--project', quote(values.project)] : []),
    ...((values['env-file'] as string[] | undefined) ?? []).flatMap((f) => ['--env-file', quote(f)]),
    ...(values.wait ? ['--wait'] : []),
    ...(values.force ? ['--force'] : values['without-optional'] ? ['--without-optional'] : []),
  ].join(' ');
}
