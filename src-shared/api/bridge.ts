import type { EventOf, InputOf, Name, OutputOf, ProcedureName, StreamName } from './contract';
import type { ApiErrorShape, ApiResult } from './errors';

type MethodName<K extends string> = K extends `${string}:${infer M}` ? M : never;
type FeatureName<K extends string> = K extends `${infer F}:${string}` ? F : never;

type MemberFor<K extends Name> = K extends ProcedureName
  ? (input: InputOf<K>) => Promise<ApiResult<OutputOf<K>>>
  : K extends StreamName
    ? (input: InputOf<K>, listener: (event: EventOf<K>) => void, onError?: (error: ApiErrorShape) => void) => () => void
    : never;

/**
 * `window.sutazai`: one function per procedure and stream, grouped by feature, built from the
 * contract by the preload. Procedures resolve with their result as a value (`{ok: true, value}` or
 * `{ok: false, error}`), because Electron's contextBridge passes only the message of a thrown
 * error; streams call the listener per event and return an unsubscribe function.
 */
export type SutazaiBridge = {
  [F in FeatureName<Name>]: {
    [K in Name as FeatureName<K> extends F ? MethodName<K> : never]: MemberFor<K>;
  };
};
