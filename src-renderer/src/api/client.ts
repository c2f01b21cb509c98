import type { EventOf, InputOf, OutputOf, ProcedureName, StreamName } from '../../../src-shared/api';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * The renderer's one way to reach the core. Two implementations: the Electron preload bridge
 * and the browser-mode WebSocket; nothing above this interface knows which one it has.
 */
export interface ApiClient {
  call<K extends ProcedureName>(name: K, input: InputOf<K>): Promise<OutputOf<K>>;
  subscribe<K extends StreamName>(
    name: K,
    input: InputOf<K>,
    onEvent: (event: EventOf<K>) => void,
    onError?: (error: ClientError) => void,
  ): () => void;
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export class ClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}
