import type { SutazaiBridge } from '../../../src-shared/api';
import { ClientError, type ApiClient } from './client';

type AnyFn = (...args: unknown[]) => unknown;

/** The client inside the desktop app: `window.sutazai`, built by the preload from the contract. */
export function createBridgeClient(bridge: SutazaiBridge): ApiClient {
  const member = (name: string): AnyFn => {
    const at = name.indexOf(':');
    const [feature, method] = [name.slice(0, at), name.slice(at + 1)];
    const fn = (bridge as unknown as Record<string, Record<string, AnyFn>>)[feature]?.[method];
    if (!fn) throw new ClientError('UNKNOWN_PROCEDURE', `The app has no '${name}'`);
    return fn;
  };
  return {
    async call(name, input) {
      try {
        return (await member(name)(input)) as never;
      } catch (err) {
        const e = err as { code?: string; message?: string; hint?: string };
        throw new ClientError(e.code ?? 'INTERNAL', e.message ?? String(err), e.hint);
      }
    },
    subscribe(name, input, onEvent, onError) {
      return member(name)(input, onEvent, (e: { code: string; message: string }) =>
        onError?.(new ClientError(e.code, e.message)),
      ) as () => void;
    },
    connection: () => 'open',
    onConnection: () => () => undefined,
  };
}
