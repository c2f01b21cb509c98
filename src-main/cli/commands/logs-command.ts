import { serviceName, type LogBatch } from '../../../src-shared/api/features/logs';
import { parseSince } from '../../logs';
import { UsageError, type Command } from '../command';

function parseTail(value: string | undefined): number | undefined {
  if (value === undefined || value === 'all') return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > 100_000) {
    throw new UsageError(`--tail: '${value}' is not a number of lines (0-100000, or 'all')`);
  }
  return n;
}

export const logsCommand: Command = {
  name: 'logs',
  summary: "Show the logs of the stack's services, merged with service prefixes (-f follows, on across restarts)",
  usage:
    'sutazai logs SERVICE [SERVICE...] [-f|--follow] [--tail N|all] [--since 10m|2h|DATE] [-t|--timestamps] [--project NAME]',
  options: {
    follow: { type: 'boolean', short: 'f' },
    tail: { type: 'string' },
    since: { type: 'string' },
    timestamps: { type: 'boolean', short: 't' },
    project: { type: 'string' },
  },
  allowPositionals: true,
  async run(values, positionals, io, context) {
    if (positionals.length === 0) throw new UsageError('name at least one service (sutazai ps lists them)');
    for (const name of positionals) {
      const check = serviceName.safeParse(name);
      if (!check.success)
        throw new UsageError(`'${name}' ${check.error.issues[0]?.message ?? 'is not a service name'}`);
    }
    const tail = parseTail(values.tail as string | undefined);
    let since: number | undefined;
    try {
      since = values.since === undefined ? undefined : parseSince(values.since as string);
    } catch (err) {
      throw new UsageError(`--since: ${(err as Error).message}`);
    }
    const logs = context.project().logs;
    const toTerminal = io.isTTY;

    return new Promise<number>((resolve, reject) => {
      let finished = false;
      const finish = (outcome: number | Error): void => {
        if (finished) return;
        finished = true;
        stop();
        process.off('SIGINT', interrupted);
        process.off('SIGTERM', interrupted);
        process.stdout.off('error', outputError);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const interrupted = (): void => finish(0);
      // The reader went away (`| head`): stop quietly, as a pipeline expects.
      const outputError = (err: NodeJS.ErrnoException): void => finish(err.code === 'EPIPE' ? 0 : err);
      process.once('SIGINT', interrupted);
      process.once('SIGTERM', interrupted);
      process.stdout.on('error', outputError);

      const onBatch = (batch: LogBatch): void => {
        if (finished) return;
        if (batch.error) {
          finish(Object.assign(new Error(batch.error.message), batch.error.hint ? { hint: batch.error.hint } : {}));
          return;
        }
        if (batch.data) {
          // Writing to a pipe or file blocks on Linux until it is taken, so acking after the write
          // lets a slow reader hold the producer, as the page does by acking rendered bytes.
          io.out(toTerminal ? batch.data : batch.data.replace(/\r\n/g, '\n'));
          logs.ack(batch.streamId, batch.bytes, 'cli');
        }
        if (batch.done) finish(0);
      };
      const stop = logs.follow(
        {
          services: positionals,
          timestamps: Boolean(values.timestamps),
          follow: Boolean(values.follow),
          ...(tail !== undefined ? { tail } : {}),
          ...(since !== undefined ? { since } : {}),
        },
        onBatch,
        'cli',
        toTerminal,
      );
    });
  },
};
