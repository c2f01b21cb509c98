import type { FeatureHandlers } from '../rpc';
import type { LogService } from './log-service';

export function createLogsHandlers(logs: LogService): FeatureHandlers<'logs'> {
  return {
    'logs:services': () => logs.services(),
    'logs:follow': (input, emit, ctx) => logs.follow(input, emit, ctx.peer),
    'logs:ack': ({ streamId, bytes }, ctx) => logs.ack(streamId, bytes, ctx.peer),
    'logs:download': (input) => logs.download(input),
  };
}
