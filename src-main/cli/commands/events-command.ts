import { existsSync } from 'node:fs';
import type { Command } from '../command';
import { UsageError } from '../command';

export const eventsCommand: Command = {
  name: 'events',
  summary: 'List recorded events (restarts, crash loops, OOM kills, guard decisions)',
  usage: 'sutazai events [--project NAME] [--service S] [--since MINUTES] [--limit N] [--json]',
  options: {
    project: { type: 'string' },
    service: { type: 'string' },
    since: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values, _positionals, io, context) {
    const core = context.core();
    // Listing creates nothing: no database yet means no events yet.
    if (!existsSync(core.databaseFile)) {
      io.out(values.json ? '[]\n' : 'no events yet\n');
      return 0;
    }
    const limit = values.limit === undefined ? 200 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new UsageError(`--limit: '${String(values.limit)}' is not a positive whole number`);
    const sinceMin = values.since === undefined ? undefined : Number(values.since);
    if (sinceMin !== undefined && !(sinceMin >= 0))
      throw new UsageError(`--since: '${String(values.since)}' is not a number of minutes`);
    const events = core.events.list({
      ...(values.project ? { project: values.project as string } : {}),
      ...(values.service ? { service: values.service as string } : {}),
      ...(sinceMin !== undefined ? { since: Date.now() - sinceMin * 60_000 } : {}),
      limit,
    });
    if (values.json) {
      io.out(
        JSON.stringify(
          events.map((e) => ({ ...e, time: new Date(e.time).toISOString() })),
          null,
          2,
        ) + '\n',
      );
    } else {
      for (const e of [...events].reverse())
        io.out(
          `${new Date(e.time).toISOString()}  ${e.kind.padEnd(17)} ${(e.service || '-').padEnd(16)} ${e.message}\n`,
        );
      if (events.length === 0) io.out('no events match\n');
    }
    return 0;
  },
};
