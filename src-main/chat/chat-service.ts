import {
  ApiError,
  type ChatEvent,
  type ChatMessage,
  type ChatProviderId,
  type ProviderInfo,
} from '../../src-shared/api';
import type { ChatProvider, ProviderMessage } from './chat-provider';
import type { ConversationRepository } from './conversation-repository';
import { conversationToJson, conversationToMarkdown, exportFilename } from './conversation-export';

export interface SendInput {
  conversationId?: string;
  provider?: ChatProviderId;
  model: string;
  systemPrompt?: string;
  content?: string;
  regenerate?: boolean;
}

/**
 * Sends prompts to a provider, streams the reply, stores both. Stop aborts the HTTP request at
 * the provider; what arrived so far is kept and marked stopped.
 */
export class ChatService {
  private readonly active = new Map<string, AbortController>();

  constructor(
    readonly repo: ConversationRepository,
    private readonly providers: Record<ChatProviderId, ChatProvider>,
  ) {}

  async providerInfo(): Promise<ProviderInfo[]> {
    return Promise.all(
      Object.values(this.providers).map(async (p) => {
        const url = await p.url().catch(() => '');
        try {
          const models = await p.listModels();
          return { id: p.id, label: p.label, url, available: true, models };
        } catch (err) {
          return { id: p.id, label: p.label, url, available: false, models: [], error: (err as Error).message };
        }
      }),
    );
  }

  stop(id: string): boolean {
    const c = this.active.get(id);
    c?.abort();
    return Boolean(c);
  }

  exportConversation(id: string, format: 'markdown' | 'json'): { filename: string; mimeType: string; content: string } {
    const c = this.mustGet(id);
    const messages = this.repo.messages(id);
    return format === 'markdown'
      ? { filename: exportFilename(c, 'md'), mimeType: 'text/markdown', content: conversationToMarkdown(c, messages) }
      : { filename: exportFilename(c, 'json'), mimeType: 'application/json', content: conversationToJson(c, messages) };
  }

  mustGet(id: string) {
    const c = this.repo.get(id);
    if (!c) throw new ApiError('NOT_FOUND', `No conversation ${id}`);
    return c;
  }

  /** Runs one exchange; returns the function that stops it. */
  send(input: SendInput, emit: (e: ChatEvent) => void): () => void {
    const controller = new AbortController();
    void this.run(input, emit, controller).catch((err: unknown) => {
      const e = err instanceof ApiError ? err : new ApiError('INTERNAL', (err as Error).message);
      emit({ type: 'error', code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) });
    });
    return () => controller.abort();
  }

  /**
   * Nothing is written until the model answers: the conversation, the user's message (or, to
   * regenerate, the removal of the last reply) are stored together with its first token. A request
   * that fails or is stopped before then leaves the database as it was. After that, Stop keeps the
   * partial reply marked stopped; a failure keeps the question, not the broken-off reply.
   */
  private async run(input: SendInput, emit: (e: ChatEvent) => void, controller: AbortController): Promise<void> {
    const providerId = input.provider ?? 'ollama';
    const provider = this.providers[providerId];
    const content = input.content?.trim() ?? '';
    if (!input.regenerate && !content) throw new ApiError('INVALID_INPUT', 'The message is empty');
    const existing = input.conversationId ? this.mustGet(input.conversationId) : undefined;
    if (input.regenerate && !existing) throw new ApiError('INVALID_INPUT', 'Regenerate needs a conversation');
    if (existing && this.active.has(existing.id))
      throw new ApiError('CONFLICT', 'A reply is already streaming in this conversation', 'Stop it first.');
    if (existing) this.active.set(existing.id, controller);
    let storedId: string | undefined;
    try {
      const systemPrompt = input.systemPrompt ?? existing?.systemPrompt ?? '';
      const earlier = existing ? this.repo.messages(existing.id) : [];
      const kept = input.regenerate ? withoutTrailingReplies(earlier) : earlier;
      const history: ProviderMessage[] = [
        ...(systemPrompt ? [{ role: 'system' as const, content: systemPrompt }] : []),
        ...kept.map((m) => ({ role: m.role, content: m.content })),
        ...(input.regenerate ? [] : [{ role: 'user' as const, content }]),
      ];
      const store = (): string => {
        if (storedId) return storedId;
        const { conversation, userMessage } = this.repo.transaction(() => {
          const c = existing
            ? this.repo.update(existing.id, {
                provider: providerId,
                model: input.model,
                ...(input.systemPrompt !== undefined ? { systemPrompt: input.systemPrompt } : {}),
              })!
            : this.repo.create({ title: titleFrom(content), provider: providerId, model: input.model, systemPrompt });
          if (input.regenerate) this.repo.dropTrailingReplies(c.id);
          return {
            conversation: c,
            userMessage: input.regenerate ? undefined : this.repo.addMessage(c.id, { role: 'user', content }),
          };
        });
        storedId = conversation.id;
        this.active.set(storedId, controller);
        emit({ type: 'started', conversation: this.repo.get(storedId)!, ...(userMessage ? { userMessage } : {}) });
        return storedId;
      };
      let reply = '';
      try {
        const stats = await provider.stream(input.model, history, controller.signal, (text) => {
          store();
          reply += text;
          emit({ type: 'token', text });
        });
        const id = store();
        emit({
          type: 'done',
          message: this.repo.addMessage(id, { role: 'assistant', content: reply, model: input.model, stats }),
        });
      } catch (err) {
        if (!controller.signal.aborted) throw err;
        if (!storedId) throw new ApiError('CANCELLED', 'Stopped before the model answered; nothing was stored');
        emit({
          type: 'stopped',
          message: this.repo.addMessage(storedId, {
            role: 'assistant',
            content: reply,
            model: input.model,
            stopped: true,
          }),
        });
      }
    } finally {
      if (existing) this.active.delete(existing.id);
      if (storedId) this.active.delete(storedId);
    }
  }

  dispose(): void {
    for (const c of this.active.values()) c.abort();
  }
}

/** The messages without the trailing assistant replies (the ones a regenerate replaces). */
function withoutTrailingReplies(messages: ChatMessage[]): ChatMessage[] {
  let end = messages.length;
  while (end > 0 && messages[end - 1]!.role === 'assistant') end--;
  return messages.slice(0, end);
}

function titleFrom(content: string): string {
  const line = content.split('\n')[0]!.trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line || 'New conversation';
}
