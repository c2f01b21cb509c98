import type { SutazaiBridge } from '../../../src-shared/api';
import { ClientError, type ApiClient } from './client';
import { toClientError, unwrapResult } from './unwrap';

type AnyFn = (...args: unknown[]) => unknown;

/**
 * The client inside the desktop app: `window.sutazai`, built by the preload from the contract.
 * Procedures resolve with the core's result as a value, unwrapped here as in the WebSocket client.
 */
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
      let result: unknown;
      try {
        result = await member(name)(input);
      } catch (err) {
        // Only a failure of the bridge itself lands here (the core's errors arrive as results).
        throw err instanceof ClientError
          ? err
          : new ClientError('UNAVAILABLE', `${name}: ${(err as Error)?.message ?? String(err)}`);
      }
      return unwrapResult(result, name);
    },
    subscribe(name, input, onEvent, onError) {
      return member(name)(input, onEvent, (e: unknown) => onError?.(toClientError(e, name))) as () => void;
    },
    connection: () => 'open',
    onConnection: () => () => undefined,
  };
}
