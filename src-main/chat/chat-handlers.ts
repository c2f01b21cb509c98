import { ApiError } from '../../src-shared/api';
import type { FeatureHandlers } from '../rpc';
import type { ChatService } from './chat-service';

export function createChatHandlers(chat: ChatService): FeatureHandlers<'chat'> {
  return {
    'chat:providers': () => chat.providerInfo(),
    'chat:conversations': ({ query }) => chat.repo.list(query),
    'chat:conversation': ({ id }) => ({
      conversation: chat.mustGet(id),
      messages: chat.repo.messages(id),
      toolCalls: chat.toolCalls(id),
    }),
    'chat:setTools': ({ id, servers }) => chat.setToolServers(id, servers),
    'chat:approve': ({ callId, decision }) => ({ decided: chat.approve(callId, decision) }),
    'chat:rename': ({ id, title }) => {
      const c = chat.repo.update(id, { title });
      if (!c) throw new ApiError('NOT_FOUND', `No conversation ${id}`);
      return c;
    },
    'chat:delete': ({ id }) => {
      chat.stop(id);
      if (!chat.repo.delete(id)) throw new ApiError('NOT_FOUND', `No conversation ${id}`);
      return { deleted: id };
    },
    'chat:export': ({ id, format }) => chat.exportConversation(id, format),
    'chat:stop': ({ id }) => ({ stopped: chat.stop(id) }),
    'chat:send': (input, emit) => chat.send(input, emit),
  };
}
