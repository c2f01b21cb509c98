import type { ProgressEvent } from '../../../src-shared/api';
import { STACK_OPTIONS, UsageError, type Command } from '../command';

export const upCommand: Command = {
  name: 'up',
  summary: 'Start a profile of the stack',
  usage: 'sutazai up PROFILE [--templates DIR] [--project NAME] [--wait] [--json]',
  options: { ...STACK_OPTIONS, wait: { type: 'boolean' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals, io, context) {
    const profile = positionals[0];
    if (!profile || positionals.length > 1) throw new UsageError('give exactly one profile, e.g. `sutazai up minimal`');
    const stack = context.core().stack;
    const lastPercent = new Map<string, number>();
    const progress = values.json
      ? undefined
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
      else {
        io.err(`✗ ${profile}: ${report.error}\n`);
        for (const s of report.services) io.err(`  ${s.service.padEnd(20)} ${s.outcome}${s.ready ? ', ready' : ''}${s.error ? `: ${s.error}` : ''}\n`);
        io.err('Run `sutazai down` to remove what was started.\n');
      }
      return report.ok ? 0 : 1;
    } finally {
      progress?.dispose();
    }
  },
};
