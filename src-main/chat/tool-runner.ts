import { randomUUID } from 'node:crypto';
import type { ChatEvent, ChatToolCall } from '../../src-shared/api';
import { capResult, type OfferedTool, type ToolHost, type ToolLimits } from './chat-tools';

export type Decision = 'once' | 'conversation' | 'deny';

export interface CallContext {
  conversationId: string;
  afterMessageId: number;
  /** `serverId/tool` keys the user allowed for this conversation. */
  allowed: () => string[];
  allowForConversation: (key: string) => void;
  save: (call: ChatToolCall) => void;
  emit: (e: ChatEvent) => void;
  signal: AbortSignal;
}

function aborted(): Error {
  return Object.assign(new Error('stopped'), { name: 'AbortError' });
}

/**
 * Runs the tool calls a model asks for: each is shown with its server, tool and arguments and waits
 * for the user (allow once, for the conversation, or deny) unless already allowed; then it runs
 * through MCP within the time limit, and its result, capped, is what the model is given.
 */
export class ToolRunner {
  private readonly pending = new Map<string, (d: Decision) => void>();

  constructor(
    private readonly host: ToolHost,
    private readonly limits: ToolLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user's answer to an approval request; false when nothing waits for it. */
  decide(callId: string, decision: Decision): boolean {
    const resolve = this.pending.get(callId);
    if (!resolve) return false;
    this.pending.delete(callId);
    resolve(decision);
    return true;
  }

  /** Runs one call and returns what the model is told. Rejects with AbortError when stopped. */
  async run(tool: OfferedTool | undefined, name: string, args: Record<string, unknown>, ctx: CallContext) {
    const call: ChatToolCall = {
      id: randomUUID(),
      afterMessageId: ctx.afterMessageId,
      serverId: tool?.serverId ?? '',
      server: tool?.server ?? '',
      tool: tool?.tool ?? name,
      arguments: args,
      status: 'pending',
      startedAt: this.now(),
    };
    const finish = (status: ChatToolCall['status'], result: string, extra: Partial<ChatToolCall> = {}): string => {
      const capped = capResult(result, this.limits.maxResultChars);
      Object.assign(call, { status, result: capped.text, ...extra });
      if (capped.truncatedChars) call.truncatedChars = capped.truncatedChars;
      ctx.save(call);
      ctx.emit({ type: 'tool-call', call: { ...call } });
      return capped.text;
    };
    if (!tool) return finish('error', `There is no tool named ${name}; it did not run.`, { durationMs: 0 });
    const key = `${tool.serverId}/${tool.tool}`;
    let decision: ChatToolCall['decision'];
    if (ctx.allowed().includes(key)) decision = 'conversation';
    else if (tool.readOnly && tool.allowReadOnly) decision = 'read-only';
    else {
      ctx.save(call);
      const answer = await this.ask(call, tool, ctx);
      if (answer === 'deny') {
        return finish('denied', `The user denied this call of ${tool.tool}; it did not run.`, {
          decision: 'denied',
          durationMs: 0,
        });
      }
      if (answer === 'conversation') ctx.allowForConversation(key);
      decision = answer;
    }
    call.decision = decision;
    call.status = 'running';
    call.startedAt = this.now();
    ctx.save(call);
    ctx.emit({ type: 'tool-call', call: { ...call } });
    const started = performance.now();
    const took = (): number => Math.round(performance.now() - started);
    try {
      const result = await this.host.call(tool.serverId, tool.tool, args, {
        signal: ctx.signal,
        timeoutMs: this.limits.callTimeoutMs,
      });
      return finish(result.isError ? 'error' : 'done', result.text, { durationMs: took() });
    } catch (err) {
      if (ctx.signal.aborted) {
        finish('cancelled', 'Stopped by the user before the tool answered.', { durationMs: took() });
        throw aborted();
      }
      const message = (err as Error).message ?? String(err);
      if (/timed out|timeout/i.test(message)) {
        return finish(
          'timeout',
          `${tool.tool} did not answer within ${this.limits.callTimeoutMs / 1000} s; it was cancelled.`,
          {
            durationMs: took(),
          },
        );
      }
      return finish('error', `${tool.tool} failed: ${message}`, { durationMs: took() });
    }
  }

  private ask(call: ChatToolCall, tool: OfferedTool, ctx: CallContext): Promise<Decision> {
    return new Promise<Decision>((resolve, reject) => {
      const onAbort = (): void => {
        this.pending.delete(call.id);
        Object.assign(call, { status: 'cancelled', result: 'Stopped by the user before deciding.', durationMs: 0 });
        ctx.save(call);
        ctx.emit({ type: 'tool-call', call: { ...call } });
        reject(aborted());
      };
      if (ctx.signal.aborted) return onAbort();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(call.id, (d) => {
        ctx.signal.removeEventListener('abort', onAbort);
        resolve(d);
      });
      ctx.emit({
        type: 'tool-approval',
        request: {
          callId: call.id,
          serverId: tool.serverId,
          server: tool.server,
          tool: tool.tool,
          arguments: call.arguments,
          readOnly: tool.readOnly,
        },
      });
    });
  }
}
