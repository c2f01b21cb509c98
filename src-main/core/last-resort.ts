import type { EventLog } from '../events';

export interface LastResortOptions {
  events: EventLog;
  project: string;
  /**
   * Called once an uncaught exception is recorded. The host ends the process (the CLI) or
   * restarts itself (the desktop app); it must not carry on.
   */
  onFatal(message: string): void;
  /** Where a line goes when the event log itself cannot take it. */
  log?: (line: string) => void;
  now?: () => number;
}

const MAX_STACK = 4000;
/** The same failure is recorded once a minute at most, so a failing timer cannot flood the log. */
const REPEAT_MS = 60_000;

/**
 * The host's last line of defence, for failures that escaped every handler:
 * - an unhandled promise rejection is recorded as an `internal-error` event and the process keeps
 *   running: the promise chain that failed is already abandoned, and supervision and the memory
 *   guard run on their own timers, untouched by it;
 * - an uncaught exception is recorded the same way and then `onFatal` ends or restarts the
 *   process: a throw that unwound a synchronous call may have left any state half-changed, and
 *   supervision must not act on such state.
 * Returns the function that removes both handlers.
 */
export function installLastResort(options: LastResortOptions, proc: NodeJS.Process = process): () => void {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const lastSeen = new Map<string, number>();
  let fatal = false;

  const record = (reason: unknown, origin: string, isFatal: boolean): string => {
    const { message, stack } = describe(reason);
    const key = `${origin}\n${stack.split('\n', 2).join('\n')}`;
    const seen = lastSeen.get(key);
    if (!isFatal && seen !== undefined && now() - seen < REPEAT_MS) return message;
    lastSeen.set(key, now());
    if (lastSeen.size > 100) lastSeen.delete(lastSeen.keys().next().value!);
    try {
      options.events.record({
        kind: 'internal-error',
        project: options.project,
        service: '',
        severity: 'critical',
        message: `${isFatal ? 'Internal error, restarting' : 'Internal error, kept running'}: ${message.slice(0, 300)}`,
        data: { origin, fatal: isFatal, stack: stack.slice(0, MAX_STACK) },
      });
    } catch (err) {
      log(`internal error (${origin}) could not be recorded (${describe(err).message}): ${stack}`);
    }
    return message;
  };

  const onRejection = (reason: unknown): void => {
    const message = record(reason, 'unhandledRejection', false);
    log(`internal error (kept running): ${message}`);
  };
  const onException = (err: unknown, origin: string): void => {
    if (fatal) return;
    fatal = true;
    const message = record(err, origin, true);
    options.onFatal(message);
  };
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return () => {
    proc.off('unhandledRejection', onRejection);
    proc.off('uncaughtException', onException);
  };
}

/** A message and a stack for anything that can be thrown, without calling into the value. */
function describe(reason: unknown): { message: string; stack: string } {
  try {
    if (reason instanceof Error) {
      const message = typeof reason.message === 'string' ? reason.message : reason.name;
      return { message, stack: typeof reason.stack === 'string' ? reason.stack : message };
    }
    const text = typeof reason === 'string' ? reason : (JSON.stringify(reason) ?? typeof reason);
    return { message: text, stack: text };
  } catch {
    return { message: `a thrown ${typeof reason}`, stack: `a thrown ${typeof reason}` };
  }
}
