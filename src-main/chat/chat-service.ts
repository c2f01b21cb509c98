import {
  ApiError,
  type ChatEvent,
  type ChatMessage,
  type ChatProviderId,
  type ChatStats,
  type ProviderInfo,
} from '../../src-shared/api';
import type { ChatProvider, ProviderMessage, ProviderTool } from './chat-provider';
import {
  DEFAULT_TOOL_LIMITS,
  nameTools,
  providerTools,
  type OfferedTool,
  type ToolHost,
  type ToolLimits,
} from './chat-tools';
import type { ConversationRepository } from './conversation-repository';
import { conversationToJson, conversationToMarkdown, exportFilename } from './conversation-export';
import type { ToolCallRepository } from './tool-call-repository';
import { ToolRunner, type Decision } from './tool-runner';

export interface SendInput {
  conversationId?: string;
  provider?: ChatProviderId;
  model: string;
  systemPrompt?: string;
  content?: string;
  regenerate?: boolean;
  toolServers?: string[];
  /** Answer without tools whatever the conversation chose (a client that cannot approve calls). */
  noTools?: boolean;
}

export interface ChatToolsOptions {
  host: ToolHost;
  calls: ToolCallRepository;
  limits?: Partial<ToolLimits>;
}

/**
 * Sends prompts to a provider, streams the reply, stores both. Stop aborts the HTTP request at
 * the provider; what arrived so far is kept and marked stopped.
 */
export class ChatService {
  private readonly active = new Map<string, AbortController>();
  private readonly runner: ToolRunner | undefined;
  private readonly limits: ToolLimits;

  constructor(
    readonly repo: ConversationRepository,
    private readonly providers: Record<ChatProviderId, ChatProvider>,
    private readonly tools?: ChatToolsOptions,
  ) {
    this.limits = { ...DEFAULT_TOOL_LIMITS, ...tools?.limits };
    this.runner = tools ? new ToolRunner(tools.host, this.limits) : undefined;
  }

  /** The tool calls of a conversation's replies (none when the chat has no tools). */
  toolCalls(id: string) {
    return this.tools?.calls.list(id) ?? [];
  }

  /** The user's answer to a tool call waiting for approval. */
  approve(callId: string, decision: Decision): boolean {
    return this.runner?.decide(callId, decision) ?? false;
  }

  setToolServers(id: string, servers: string[]) {
    this.mustGet(id);
    return this.repo.setToolServers(id, servers)!;
  }

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
    const calls = this.toolCalls(id);
    return format === 'markdown'
      ? {
          filename: exportFilename(c, 'md'),
          mimeType: 'text/markdown',
          content: conversationToMarkdown(c, messages, calls),
        }
      : {
          filename: exportFilename(c, 'json'),
          mimeType: 'application/json',
          content: conversationToJson(c, messages, calls),
        };
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
      const toolServers = input.toolServers ?? existing?.toolServers ?? [];
      const earlier = existing ? this.repo.messages(existing.id) : [];
      const kept = input.regenerate ? withoutTrailingReplies(earlier) : earlier;
      const history: ProviderMessage[] = [
        ...(systemPrompt ? [{ role: 'system' as const, content: systemPrompt }] : []),
        ...this.replayed(existing?.id, kept),
        ...(input.regenerate ? [] : [{ role: 'user' as const, content }]),
      ];
      const named = await this.offeredTools(input.noTools ? [] : toolServers);
      let afterMessageId = kept.filter((m) => m.role === 'user').at(-1)?.id ?? 0;
      const store = (): string => {
        if (storedId) return storedId;
        const { conversation, userMessage } = this.repo.transaction(() => {
          const c = existing
            ? this.repo.update(existing.id, {
                provider: providerId,
                model: input.model,
                ...(input.systemPrompt !== undefined ? { systemPrompt: input.systemPrompt } : {}),
              })!
            : this.repo.create({
                title: titleFrom(content),
                provider: providerId,
                model: input.model,
                systemPrompt,
                toolServers,
              });
          if (existing && input.toolServers) this.repo.setToolServers(c.id, input.toolServers);
          if (input.regenerate) {
            this.repo.dropTrailingReplies(c.id);
            this.tools?.calls.dropAfter(c.id, afterMessageId);
          }
          return {
            conversation: c,
            userMessage: input.regenerate ? undefined : this.repo.addMessage(c.id, { role: 'user', content }),
          };
        });
        storedId = conversation.id;
        if (userMessage) afterMessageId = userMessage.id;
        this.active.set(storedId, controller);
        emit({ type: 'started', conversation: this.repo.get(storedId)!, ...(userMessage ? { userMessage } : {}) });
        return storedId;
      };
      let reply = '';
      try {
        let calls = 0;
        let stats: ChatStats = {};
        for (;;) {
          // Once an answer has made as many calls as allowed, the model is asked to answer without tools.
          const offer: ProviderTool[] | undefined =
            named.size && calls < this.limits.maxCallsPerAnswer ? providerTools(named) : undefined;
          let roundText = '';
          const round = await provider.stream(
            input.model,
            history,
            controller.signal,
            (text) => {
              store();
              reply += text;
              roundText += text;
              emit({ type: 'token', text });
            },
            offer,
          );
          stats = round.stats;
          if (!offer || round.toolCalls.length === 0) break;
          const id = store();
          history.push({ role: 'assistant', content: roundText, toolCalls: round.toolCalls });
          for (const call of round.toolCalls) {
            const result =
              calls >= this.limits.maxCallsPerAnswer
                ? `Not run: this answer already made ${calls} tool calls, the most allowed; answer with what you have.`
                : await this.runner!.run(named.get(call.name), call.name, call.arguments, {
                    conversationId: id,
                    afterMessageId,
                    allowed: () => this.repo.get(id)?.allowedTools ?? [],
                    allowForConversation: (key) => this.repo.allowTool(id, key),
                    save: (c) => this.tools!.calls.save(id, c),
                    emit,
                    signal: controller.signal,
                  });
            calls++;
            history.push({ role: 'tool', content: result, toolName: call.name, toolCallId: call.id });
          }
        }
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

  /** The tools of the chosen servers under the names the model sees; a chosen server that is not running is an error. */
  private async offeredTools(serverIds: string[]): Promise<Map<string, OfferedTool>> {
    if (serverIds.length === 0) return new Map();
    if (!this.tools)
      throw new ApiError('UNAVAILABLE', 'This app mode has no MCP servers, so the conversation cannot use tools');
    const { tools, unavailable } = await this.tools.host.tools(serverIds);
    if (unavailable.length) {
      throw new ApiError(
        'UNAVAILABLE',
        `MCP ${unavailable.length === 1 ? 'server' : 'servers'} not running: ${unavailable.map((u) => `${u.name} (${u.reason})`).join('; ')}`,
        'Start it on the MCP page, or take it out of this conversation’s tools.',
      );
    }
    return nameTools(tools);
  }

  /** Earlier turns as the model saw them: each question, the tool calls its answer made and their results, the answer. */
  private replayed(conversationId: string | undefined, messages: ChatMessage[]): ProviderMessage[] {
    const calls = conversationId ? this.toolCalls(conversationId) : [];
    const out: ProviderMessage[] = [];
    for (const m of messages) {
      out.push({ role: m.role, content: m.content } as ProviderMessage);
      if (m.role !== 'user') continue;
      for (const c of calls.filter((call) => call.afterMessageId === m.id && call.result !== undefined)) {
        out.push({ role: 'assistant', content: '', toolCalls: [{ id: c.id, name: c.tool, arguments: c.arguments }] });
        out.push({ role: 'tool', content: c.result!, toolName: c.tool, toolCallId: c.id });
      }
    }
    return out;
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
