import type { ApiClient, ClientError } from '../../api/client';

/*
 * The logs feature as this view uses it, in one place: `logs:services`, `logs:follow` (batches),
 * `logs:ack` (watermark flow control) and `logs:download`.
 */

export interface LogServiceInfo {
  service: string;
  state: string;
}

export interface LogBatch {
  /** Names the follow to `logs:ack`. */
  streamId: string;
  /** Lines with their coloured service prefixes, as the terminal shows them. */
  data: string;
  /** The size the producer counts for flow control. */
  bytes: number;
}

export interface LogQuery {
  services: string[];
  /** Seconds since the epoch; absent for the whole log. */
  since?: number;
  tail?: number;
  timestamps: boolean;
}

export interface LogFile {
  filename: string;
  text: string;
}

type Loose = {
  call(name: string, input: unknown): Promise<unknown>;
  subscribe(name: string, input: unknown, onEvent: (e: unknown) => void, onError?: (e: ClientError) => void): () => void;
};

export function logApi(client: ApiClient) {
  const api = client as unknown as Loose;
  return {
    services: () => api.call('logs:services', {}) as Promise<LogServiceInfo[]>,
    follow: (query: LogQuery, onBatch: (b: LogBatch) => void, onError: (e: ClientError) => void) =>
      api.subscribe('logs:follow', query, (e) => onBatch(e as LogBatch), onError),
    ack: (streamId: string, bytes: number) => api.call('logs:ack', { streamId, bytes }) as Promise<unknown>,
    download: (query: Omit<LogQuery, 'tail'>) => api.call('logs:download', query) as Promise<LogFile>,
  };
}
