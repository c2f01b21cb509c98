import { ApiError, contract, isName, type ApiErrorShape, type ApiResult, type Name } from '../../src-shared/api';
import type { IDisposable } from '../base';
import type { AllHandlers, CallContext } from './handlers';

export interface Logger {
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The one place every call passes through, whatever the transport: it checks the name, validates
 * the input against the contract's schema, runs the handler and turns any failure into a typed
 * error. It never throws to the transport.
 */
export class Router {
  constructor(
    private readonly handlers: AllHandlers,
    private readonly log: Logger = console,
  ) {}

  async call(name: string, rawInput: unknown, ctx: CallContext): Promise<ApiResult<unknown>> {
    const checked = this.check(name, 'procedure', rawInput);
    if (!checked.ok) return checked;
    try {
      const handler = this.handlers[checked.value.name] as (input: unknown, ctx: CallContext) => unknown;
      const value = await handler(checked.value.input, ctx);
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: this.toErrorShape(name, err) };
    }
  }

  /**
   * Starts a stream. On success the value is the function that stops it; `emit` is called per
   * event and `end` once if the stream fails or finishes on its own.
   */
  subscribe(
    name: string,
    rawInput: unknown,
    emit: (event: unknown) => void,
    end: (error?: ApiErrorShape) => void,
    ctx: CallContext,
  ): ApiResult<() => void> {
    const checked = this.check(name, 'stream', rawInput);
    if (!checked.ok) return checked;
    try {
      const handler = this.handlers[checked.value.name] as (
        input: unknown,
        emit: (event: unknown) => void,
        ctx: CallContext,
      ) => (() => void) | IDisposable;
      const safeEmit = (event: unknown): void => {
        try {
          emit(event);
        } catch (err) {
          this.log.warn(`stream ${name}: delivering an event failed: ${String(err)}`);
        }
      };
      const started = handler(checked.value.input, safeEmit, ctx);
      const stop = typeof started === 'function' ? started : () => started.dispose();
      let stopped = false;
      return {
        ok: true,
        value: () => {
          if (stopped) return;
          stopped = true;
          try {
            stop();
          } catch (err) {
            this.log.warn(`stream ${name}: stopping failed: ${String(err)}`);
          }
          end();
        },
      };
    } catch (err) {
      return { ok: false, error: this.toErrorShape(name, err) };
    }
  }

  private check(
    name: string,
    kind: 'procedure' | 'stream',
    rawInput: unknown,
  ): ApiResult<{ name: Name; input: unknown }> {
    if (typeof name !== 'string' || !isName(name) || contract[name].kind !== kind) {
      return {
        ok: false,
        error: {
          code: 'UNKNOWN_PROCEDURE',
          message: `No ${kind} named '${typeof name === 'string' ? name.slice(0, 100) : typeof name}'`,
        },
      };
    }
    const parsed = contract[name].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.length ? i.path.join('.').slice(0, 100) : '(input)'}: ${i.message.slice(0, 200)}`)
        .join('; ');
      return { ok: false, error: { code: 'INVALID_INPUT', message: `${name}: ${issues}` } };
    }
    return { ok: true, value: { name, input: parsed.data } };
  }

  private toErrorShape(name: string, err: unknown): ApiErrorShape {
    if (err instanceof ApiError) return err.toJSON();
    const message = err instanceof Error ? err.message : String(err);
    this.log.error(`${name} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
    return { code: 'INTERNAL', message: `${name} failed: ${message}` };
  }
}
