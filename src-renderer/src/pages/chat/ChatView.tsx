import { useEffect, useRef, useState } from 'react';
import type { ChatMessage, ChatProviderId, ChatToolCall } from '../../../../src-shared/api';
import { useApi } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { MessageView } from './MessageView';
import { OllamaNotice } from './OllamaNotice';
import { ToolApproval } from './ToolApproval';
import { ToolCallView } from './ToolCallView';
import { ToolServerPicker } from './ToolServerPicker';
import { useChatStream, useConversation, useOllamaStatus, useProviders } from './use-chat';

/** One conversation: messages, the streaming reply, model and system prompt, composer, Stop, regenerate. */
export function ChatView({
  conversationId,
  onConversation,
  compact,
}: {
  conversationId?: string;
  onConversation: (id: string) => void;
  compact?: boolean;
}) {
  const conversation = useConversation(conversationId);
  const status = useOllamaStatus();
  const providers = useProviders();
  const api = useApi();
  const { live, send, stop, decide, clear } = useChatStream(onConversation);
  const [draft, setDraft] = useState('');
  const [provider, setProvider] = useState<ChatProviderId>('ollama');
  const [model, setModel] = useState('');
  const [systemPrompt, setSystemPrompt] = useState('');
  const [showSystem, setShowSystem] = useState(false);
  const [toolServers, setToolServers] = useState<string[]>([]);
  const [showTools, setShowTools] = useState(false);
  const bottom = useRef<HTMLDivElement>(null);

  const current = conversation.data?.conversation;
  useEffect(() => {
    if (current) {
      setProvider(current.provider);
      setModel(current.model);
      setSystemPrompt(current.systemPrompt);
      setToolServers(current.toolServers);
    }
  }, [current?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const models = providers.data?.find((p) => p.id === provider)?.models ?? [];
  const chosenModel = model || models[0] || '';
  const messages = conversation.data?.messages ?? [];
  const storedCalls = conversation.data?.toolCalls ?? [];
  const liveCalls = (live?.calls ?? []).filter((c) => !storedCalls.some((s) => s.id === c.id));
  const callsAfter = (m: Pick<ChatMessage, 'id'>): ChatToolCall[] =>
    storedCalls.filter((c) => c.afterMessageId === m.id);
  const chooseTools = (servers: string[]): void => {
    setToolServers(servers);
    if (conversationId) void api.call('chat:setTools', { id: conversationId, servers });
  };
  const shown =
    live?.pendingUser && !messages.some((m) => m.id === live.pendingUser!.id)
      ? [...messages, live.pendingUser]
      : messages;
  const streaming = Boolean(live?.streaming);
  const lastIsReply = messages.at(-1)?.role === 'assistant';
  useEffect(() => {
    if (!streaming && live?.conversationId !== conversationId) clear();
  }, [conversationId]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    // A block body: newer Chromium returns a promise from scrollIntoView, which must not become the effect's cleanup.
    void bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [shown.length, live?.text]);

  const ollamaMissing =
    provider === 'ollama' && status.data && (!status.data.reachable || status.data.modelCount === 0);
  const submit = (): void => {
    const content = draft.trim();
    if (!content || !chosenModel || streaming) return;
    setDraft('');
    send({
      provider,
      model: chosenModel,
      systemPrompt,
      content,
      toolServers,
      ...(conversationId ? { conversationId } : {}),
    });
  };

  return (
    <section className={`chat-view${compact ? ' compact' : ''}`} aria-label="Conversation">
      <div className="chat-toolbar">
        <select
          aria-label="Provider"
          value={provider}
          onChange={(e) => (setProvider(e.target.value as ChatProviderId), setModel(''))}
          disabled={streaming}
        >
          {(providers.data ?? [{ id: 'ollama', label: 'Ollama' }]).map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        <select
          aria-label="Model"
          value={chosenModel}
          onChange={(e) => setModel(e.target.value)}
          disabled={streaming || models.length === 0}
        >
          {models.length === 0 && <option value="">no model</option>}
          {models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => setShowSystem((v) => !v)} aria-expanded={showSystem}>
          System prompt
        </button>
        <button type="button" onClick={() => setShowTools((v) => !v)} aria-expanded={showTools}>
          Tools{toolServers.length ? ` (${toolServers.length})` : ''}
        </button>
      </div>
      {showTools && <ToolServerPicker chosen={toolServers} onChange={chooseTools} disabled={streaming} />}
      {showSystem && (
        <textarea
          className="system-prompt"
          aria-label="System prompt"
          value={systemPrompt}
          onChange={(e) => setSystemPrompt(e.target.value)}
          rows={2}
          placeholder="Instructions the model gets before the conversation"
        />
      )}
      {ollamaMissing && !streaming && <OllamaNotice status={status.data!} />}
      {provider === 'openai' && providers.data?.find((p) => p.id === 'openai')?.error && (
        <ErrorNote error={new Error(providers.data.find((p) => p.id === 'openai')!.error!)} />
      )}
      <div className="messages" data-testid="messages">
        {shown.map((m) => (
          <div key={m.id}>
            <MessageView message={m} />
            {callsAfter(m).map((c) => (
              <ToolCallView key={c.id} call={c} />
            ))}
          </div>
        ))}
        {liveCalls.map((c) => (
          <ToolCallView key={c.id} call={c} />
        ))}
        {live?.approvals.map((a) => (
          <ToolApproval key={a.callId} request={a} onDecide={(d) => decide(a.callId, d)} />
        ))}
        {live && (live.streaming || live.text) && (
          <MessageView
            message={{ role: 'assistant', content: live.text, model: chosenModel }}
            streaming={live.streaming}
          />
        )}
        {live?.error && <ErrorNote error={live.error} />}
        <div ref={bottom} />
      </div>
      <form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <textarea
          aria-label="Message"
          value={draft}
          rows={compact ? 2 : 3}
          placeholder={chosenModel ? `Message ${chosenModel}` : 'No model to send to'}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              submit();
            }
          }}
        />
        <div className="composer-actions">
          {streaming ? (
            <button type="button" onClick={stop}>
              Stop
            </button>
          ) : (
            <button type="submit" disabled={!draft.trim() || !chosenModel}>
              Send
            </button>
          )}
          {!streaming && lastIsReply && conversationId && (
            <button
              type="button"
              onClick={() =>
                send({ conversationId, provider, model: chosenModel, systemPrompt, toolServers, regenerate: true })
              }
              disabled={!chosenModel}
            >
              Regenerate
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
