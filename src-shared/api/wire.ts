import type { ApiErrorShape, ApiResult } from './errors';

/**
 * The messages both transports carry (IPC and the browser-mode WebSocket).
 * Ids are chosen by the client and unique per connection.
 */
export type ClientMessage =
  | { type: 'call'; id: number; name: string; input: unknown }
  | { type: 'subscribe'; id: number; name: string; input: unknown }
  | { type: 'unsubscribe'; id: number };

export type ServerMessage =
  | { type: 'result'; id: number; result: ApiResult<unknown> }
  | { type: 'event'; id: number; data: unknown }
  | { type: 'end'; id: number; error?: ApiErrorShape };

/** IPC channel names used by the preload bridge; the renderer never sees them. */
export const IPC_CHANNELS = {
  call: 'sutazai:call',
  subscribe: 'sutazai:subscribe',
  unsubscribe: 'sutazai:unsubscribe',
  event: 'sutazai:event',
} as const;
