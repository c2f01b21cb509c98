import type Docker from 'dockerode';
import { ApiError, isLoopbackHttpUrl, type AgentInfo, type AgentReply } from '../../src-shared/api';
import { listProjectContainers, type ProjectContainer } from '../engine';
import type { SettingsRepository } from '../store';
import { ADAPTERS, platformOf } from './agent-adapters';

interface AgentSettings {
  target?: string;
  apiKey?: string;
}

/**
 * The agent platforms of the running stack, found by their labels (ai.sutazai.category=agents),
 * and the one way to prompt them: the renderer names a service and an id, the registry resolves
 * the address from the port the engine publishes for that container on this machine. No URL
 * ever comes from the renderer.
 */
export class AgentRegistry {
  constructor(
    private readonly docker: Docker,
    private readonly project: string,
    private readonly settings: SettingsRepository,
  ) {}

  async list(): Promise<AgentInfo[]> {
    const containers = await this.containers();
    return containers.map((c) => this.describe(c)).sort((a, b) => a.service.localeCompare(b.service));
  }

  configure(service: string, patch: { target?: string | null; apiKey?: string | null }): void {
    const current = this.settings.get<AgentSettings>(key(service)) ?? {};
    const next: AgentSettings = { ...current };
    if (patch.target === null) delete next.target;
    else if (patch.target !== undefined) next.target = patch.target;
    if (patch.apiKey === null) delete next.apiKey;
    else if (patch.apiKey !== undefined) next.apiKey = patch.apiKey;
    this.settings.set(key(service), next);
  }

  async find(service: string): Promise<AgentInfo | null> {
    const c = (await this.containers()).find((x) => x.service === service);
    return c ? this.describe(c) : null;
  }

  async send(service: string, prompt: string, target?: string): Promise<AgentReply> {
    const c = (await this.containers()).find((x) => x.service === service);
    if (!c) throw new ApiError('NOT_FOUND', `${service} is not an agent platform of this stack`, 'Start the agents profile on the Stack page.');
    const platform = platformOf(service, c.info.Image);
    const adapter = ADAPTERS[platform];
    if (!adapter) throw new ApiError('INVALID_INPUT', `${service} has no prompt API the app can use; open its UI instead`);
    if (c.state !== 'running') throw new ApiError('UNAVAILABLE', `${service} is ${c.state}`, 'Start it on the Stack page.');
    const saved = this.settings.get<AgentSettings>(key(service)) ?? {};
    const chosen = target ?? saved.target;
    if (!chosen && platform !== 'dify') {
      throw new ApiError('INVALID_INPUT', `${adapter.platform} needs a ${adapter.target}`, `Open ${service}'s UI, create or pick one, and paste its ${adapter.target} here.`);
    }
    const port = (c.info.Ports ?? []).find((p) => p.PrivatePort === adapter.containerPort && p.PublicPort && ['127.0.0.1', '0.0.0.0', '::', ''].includes(p.IP ?? ''));
    if (!port) throw new ApiError('UNAVAILABLE', `${service} publishes no port for ${adapter.containerPort} on this machine`);
    const started = Date.now();
    const reply = await adapter.send({
      baseUrl: `http://127.0.0.1:${port.PublicPort}`,
      target: chosen ?? '',
      prompt,
      ...(saved.apiKey ? { apiKey: saved.apiKey } : {}),
    });
    return { service, text: reply.text, status: reply.status, durationMs: Date.now() - started };
  }

  private containers(): Promise<ProjectContainer[]> {
    return listProjectContainers(this.docker, this.project, { category: 'agents' });
  }

  private describe(c: ProjectContainer): AgentInfo {
    const service = c.service;
    const platform = platformOf(service, c.info.Image);
    const adapter = ADAPTERS[platform];
    const saved = this.settings.get<AgentSettings>(key(service)) ?? {};
    const health = /\((healthy|unhealthy|health: starting)\)/.exec(c.info.Status ?? '')?.[1];
    const ui = c.ui;
    return {
      service,
      platform,
      ...(c.description ? { description: c.description } : {}),
      state: c.state,
      health: health === 'health: starting' ? 'starting' : ((health as 'healthy' | 'unhealthy' | undefined) ?? 'none'),
      ...(isLoopbackHttpUrl(ui) ? { ui } : {}),
      ...(adapter
        ? {
            prompt: {
              target: adapter.target,
              targetExample: adapter.targetExample,
              needsKey: adapter.needsKey,
              configured: { ...(saved.target ? { target: saved.target } : {}), hasKey: Boolean(saved.apiKey) },
            },
          }
        : {}),
    };
  }
}

function key(service: string): string {
  return `agents.${service}`;
}
