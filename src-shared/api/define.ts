import type { z } from 'zod';

/**
 * A procedure: one request, one answer. `output` is a phantom type carried for the
 * compiler only; the wire never sees it.
 */
export interface ProcedureDef<I extends z.ZodType, O> {
  readonly kind: 'procedure';
  readonly input: I;
  readonly __output?: O;
}

/** A stream: subscribe with an input, receive events until unsubscribed. */
export interface StreamDef<I extends z.ZodType, E> {
  readonly kind: 'stream';
  readonly input: I;
  readonly __event?: E;
}

export function procedure<I extends z.ZodType>(input: I) {
  return { returns: <O>(): ProcedureDef<I, O> => ({ kind: 'procedure', input }) };
}

export function stream<I extends z.ZodType>(input: I) {
  return { emits: <E>(): StreamDef<I, E> => ({ kind: 'stream', input }) };
}
