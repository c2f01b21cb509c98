import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ChatEvent,
  ChatMessage,
  ChatProviderId,
  ChatToolCall,
  ToolApprovalRequest,
} from '../../../../src-shared/api';
import { ClientError } from '../../api/client';
import { useApi, useApiQuery } from '../../api/hooks';

export function useConversations(query: string) {
  return useApiQuery('chat:conversations', query ? { query } : {}, { staleTime: 5_000 });
}

export function useConversation(id: string | undefined) {
  return useApiQuery('chat:conversation', { id: id ?? '' }, { enabled: Boolean(id), staleTime: Infinity });
}

export function useOllamaStatus() {
  return useApiQuery('models:status', {}, { staleTime: 10_000, refetchInterval: 15_000 });
}

export function useProviders() {
  return useApiQuery('chat:providers', {}, { staleTime: 10_000 });
}

/** The reply being streamed: its text so far, and how it ended. */
export interface LiveReply {
  conversationId?: string;
  pendingUser?: ChatMessage;
  text: string;
  streaming: boolean;
  error?: ClientError;
  /** Tool calls of this reply so far, by id, in the order asked. */
  calls: ChatToolCall[];
  /** Calls waiting for the user's decision. */
  approvals: ToolApprovalRequest[];
}

export interface SendRequest {
  conversationId?: string;
  provider: ChatProviderId;
  model: string;
  systemPrompt: string;
  content?: string;
  regenerate?: boolean;
  toolServers?: string[];
}

/** Sends over the `chat:send` stream; Stop asks the core to abort the request at the provider. */
export function useChatStream(onConversation: (id: string) => void) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [live, setLive] = useState<LiveReply | undefined>();
  const unsubscribe = useRef<(() => void) | undefined>(undefined);
  const conversationRef = useRef<string | undefined>(undefined);
  const onConversationRef = useRef(onConversation);
  onConversationRef.current = onConversation;

  const finish = useCallback(() => {
    unsubscribe.current?.();
    unsubscribe.current = undefined;
    void queryClient.invalidateQueries({ queryKey: ['chat:conversations'] });
    if (conversationRef.current)
      void queryClient.invalidateQueries({ queryKey: ['chat:conversation', { id: conversationRef.current }] });
  }, [queryClient]);

  // A dropped connection ends the stream on the server (which keeps the partial reply); never resend it.
  useEffect(
    () =>
      api.onConnection((state) => {
        if (state === 'closed' && unsubscribe.current) {
          finish();
          setLive((l) =>
            l
              ? {
                  ...l,
                  streaming: false,
                  approvals: [],
                  error: new ClientError('UNAVAILABLE', 'The connection to the app dropped; the reply was stopped.'),
                }
              : l,
          );
        }
      }),
    [api, finish],
  );
  useEffect(() => () => unsubscribe.current?.(), []);

  const send = useCallback(
    (req: SendRequest) => {
      if (unsubscribe.current) return;
      conversationRef.current = req.conversationId;
      // The question shows at once; the core stores it when the model answers (and then sends the stored one).
      const asked: ChatMessage | undefined =
        req.regenerate || !req.content
          ? undefined
          : { id: -1, role: 'user', content: req.content, createdAt: Date.now() };
      setLive({
        text: '',
        streaming: true,
        calls: [],
        approvals: [],
        ...(req.conversationId ? { conversationId: req.conversationId } : {}),
        ...(asked ? { pendingUser: asked } : {}),
      });
      const onEvent = (e: ChatEvent): void => {
        if (e.type === 'started') {
          conversationRef.current = e.conversation.id;
          onConversationRef.current(e.conversation.id);
          setLive((l) => ({
            ...l!,
            conversationId: e.conversation.id,
            ...(e.userMessage ? { pendingUser: e.userMessage } : {}),
          }));
        } else if (e.type === 'token') {
          setLive((l) => (l ? { ...l, text: l.text + e.text } : l));
        } else if (e.type === 'tool-approval') {
          setLive((l) => (l ? { ...l, approvals: [...l.approvals, e.request] } : l));
        } else if (e.type === 'tool-call') {
          setLive((l) =>
            l
              ? {
                  ...l,
                  approvals: l.approvals.filter((a) => a.callId !== e.call.id),
                  calls: l.calls.some((c) => c.id === e.call.id)
                    ? l.calls.map((c) => (c.id === e.call.id ? e.call : c))
                    : [...l.calls, e.call],
                }
              : l,
          );
        } else if (e.type === 'done' || e.type === 'stopped') {
          finish();
          setLive(undefined);
        } else if (e.type === 'error') {
          finish();
          setLive((l) => ({
            text: '',
            calls: [],
            ...l,
            approvals: [],
            streaming: false,
            error: new ClientError(e.code, e.message, e.hint),
          }));
        }
      };
      unsubscribe.current = api.subscribe(
        'chat:send',
        {
          model: req.model,
          provider: req.provider,
          systemPrompt: req.systemPrompt,
          ...(req.conversationId ? { conversationId: req.conversationId } : {}),
          ...(req.content !== undefined ? { content: req.content } : {}),
          ...(req.regenerate ? { regenerate: true } : {}),
          ...(req.toolServers ? { toolServers: req.toolServers } : {}),
        },
        onEvent,
        (err) => {
          finish();
          setLive({ text: '', streaming: false, error: err, calls: [], approvals: [] });
        },
      );
    },
    [api, finish],
  );

  const stop = useCallback(() => {
    const id = conversationRef.current;
    if (id) void api.call('chat:stop', { id });
    else {
      finish();
      setLive(undefined);
    }
  }, [api, finish]);

  const decide = useCallback(
    (callId: string, decision: 'once' | 'conversation' | 'deny') => {
      setLive((l) => (l ? { ...l, approvals: l.approvals.filter((a) => a.callId !== callId) } : l));
      void api.call('chat:approve', { callId, decision });
    },
    [api],
  );

  return { live, send, stop, decide, clear: () => setLive(undefined) };
}

export function useConversationActions(onDeleted: (id: string) => void) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['chat:conversations'] });
  const rename = useMutation({
    mutationFn: (v: { id: string; title: string }) => api.call('chat:rename', v),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.call('chat:delete', { id }),
    onSuccess: (r) => onDeleted(r.deleted),
    onSettled: refresh,
  });
  const exportAs = useMutation({
    mutationFn: async (v: { id: string; format: 'markdown' | 'json' }) => {
      const file = await api.call('chat:export', v);
      const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      return file;
    },
  });
  return { rename, remove, exportAs };
}
