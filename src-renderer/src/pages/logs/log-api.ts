import type { ApiClient, ClientError } from '../../api/client';
import type { LogBatch } from '../../../../src-shared/api/features/logs';

export type { LogBatch, LogFile, LogServiceInfo } from '../../../../src-shared/api/features/logs';

export interface LogQuery {
  services: string[];
  /** Seconds since the epoch; absent for the whole log. */
  since?: number;
  tail?: number;
  timestamps: boolean;
}

/**
 * The logs feature as this view uses it, for one managed project (undefined: the SutazAI stack):
 * `logs:services`, `logs:follow`, `logs:ack` and `logs:download`.
 */
export function logApi(client: ApiClient, project?: string) {
  const input = project ? { project } : {};
  return {
    services: () => client.call('logs:services', input),
    follow: (query: LogQuery, onBatch: (b: LogBatch) => void, onError: (e: ClientError) => void) =>
      client.subscribe('logs:follow', { ...input, ...query, follow: true }, onBatch, onError),
    ack: (streamId: string, bytes: number) => client.call('logs:ack', { streamId, bytes }),
    download: (query: Omit<LogQuery, 'tail'>) => client.call('logs:download', { ...input, ...query }),
  };
}
