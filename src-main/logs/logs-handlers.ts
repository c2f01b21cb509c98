import { ApiError } from '../../src-shared/api';
import type { FeatureHandlers } from '../rpc';
import type { LogService } from './log-service';

/** The log procedures, each on the managed project it names; `all` lists every project's log service (to find a follow by its id). */
export function createLogsHandlers(
  logsOf: (project?: string) => LogService,
  all: () => LogService[],
): FeatureHandlers<'logs'> {
  return {
    'logs:services': ({ project }) => logsOf(project).services(),
    'logs:follow': ({ project, ...input }, emit, ctx) => logsOf(project).follow(input, emit, ctx.peer),
    'logs:ack': ({ streamId, bytes }, ctx) => {
      const owner = all().find((logs) => logs.hasFollow(streamId));
      if (!owner) throw new ApiError('NOT_FOUND', `No log follow '${streamId}' open for this connection`);
      return owner.ack(streamId, bytes, ctx.peer);
    },
    'logs:download': ({ project, ...input }) => logsOf(project).download(input),
  };
}
