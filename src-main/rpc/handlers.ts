import type { EventOf, Name, OutputOf, ParsedInputOf, ProcedureName, StreamName } from '../../src-shared/api';
import type { IDisposable } from '../base';

/** Who is calling: used by handlers that need to know (logging, per-window state). */
export interface CallContext {
  transport: 'ipc' | 'websocket' | 'http' | 'direct';
  /** A stable id of the connection or window. */
  peer: string;
  /** Aborted when the caller goes away (socket closed, window destroyed). */
  signal: AbortSignal;
}

export type ProcedureHandler<K extends ProcedureName> = (
  input: ParsedInputOf<K>,
  ctx: CallContext,
) => Promise<OutputOf<K>> | OutputOf<K>;

/** A stream handler starts emitting and returns what stops it: a function or a subscription. */
export type StreamHandler<K extends StreamName> = (
  input: ParsedInputOf<K>,
  emit: (event: EventOf<K>) => void,
  ctx: CallContext,
) => (() => void) | IDisposable;

export type HandlerFor<K extends Name> = K extends ProcedureName
  ? ProcedureHandler<K>
  : K extends StreamName
    ? StreamHandler<K>
    : never;

/** The handlers of one feature, typed against the contract. */
export type FeatureHandlers<F extends string> = { [K in Extract<Name, `${F}:${string}`>]: HandlerFor<K> };

/** Every procedure and stream, each with its handler: a missing one is a compile error. */
export type AllHandlers = { [K in Name]: HandlerFor<K> };
