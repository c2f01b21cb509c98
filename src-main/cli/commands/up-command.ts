import type { ProgressEvent, UpReport } from '../../../src-shared/api';
import { STACK_OPTIONS, UsageError, type Command } from '../command';
import { cliStack } from '../stack-context';

export const upCommand: Command = {
  name: 'up',
  summary: 'Start a profile of the stack',
  usage: 'sutazai up PROFILE [--templates DIR] [--project NAME] [--wait] [--json]',
  options: { ...STACK_OPTIONS, wait: { type: 'boolean' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals, io) {
    const profile = positionals[0];
    if (!profile || positionals.length > 1) throw new UsageError('give exactly one profile, e.g. `sutazai up minimal`');
    const stack = cliStack(values, io);
    const lastPercent = new Map<string, number>();
    const stop = values.json
      ? () => undefined
      : stack.onProgress((e: ProgressEvent) => {
          if (e.phase === 'planned') return;
          if (e.phase === 'pulling') {
            const p = e.percent ?? 0;
            if (p - (lastPercent.get(e.service) ?? -10) < 10 && p < 100) return;
            lastPercent.set(e.service, p);
          }
          io.out(`${e.service.padEnd(20)} ${e.phase}${e.percent !== undefined ? ` ${e.percent}%` : ''}${e.detail && e.phase !== 'pulling' ? `: ${e.detail}` : ''}\n`);
        });
    try {
      const report = await stack.up(profile, Boolean(values.wait));
      if (values.json) io.out(JSON.stringify(report, null, 2) + '\n');
      else if (report.ok) io.out(`✓ ${profile}: ${report.services.length} services ${values.wait ? 'ready' : 'running'} in ${(report.durationMs / 1000).toFixed(1)} s\n`);
      else if (report.engineStopped) io.err(engineStoppedText(report, againCommand(profile, values)));
      else {
        io.err(`✗ ${profile}: ${report.error}\n`);
        for (const s of report.services) io.err(`  ${s.service.padEnd(20)} ${s.outcome}${s.ready ? ', ready' : ''}${s.error ? `: ${s.error}` : ''}\n`);
        io.err('Run `sutazai down` to remove what was started.\n');
      }
      return report.ok ? 0 : 1;
    } finally {
      stop();
    }
  },
};

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

function againCommand(profile: string, values: Record<string, string | boolean | undefined>): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [
    'sutazai up',
    quote(profile),
    ...(typeof values.templates === 'string' ? ['--templates', quote(values.templates)] : []),
    ...(typeof values.project === 'string' ? ['--project', quote(values.project)] : []),
    ...(values.wait ? ['--wait'] : []),
  ].join(' ');
}
