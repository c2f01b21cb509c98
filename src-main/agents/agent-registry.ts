import type Docker from 'dockerode';
import { ApiError, isLoopbackHttpUrl, type AgentInfo, type AgentReply } from '../../src-shared/api';
import { listProjectContainers, type ProjectContainer } from '../engine';
import type { SecretStore, SettingsRepository } from '../store';
import { ADAPTERS, platformOf } from './agent-adapters';

interface AgentSettings {
  target?: string;
  /** Where earlier versions kept the key; moved to the secret store on start and on the next change. */
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
    private readonly secrets: SecretStore,
  ) {}

  async list(): Promise<AgentInfo[]> {
    const containers = await this.containers();
    return containers.map((c) => this.describe(c)).sort((a, b) => a.service.localeCompare(b.service));
  }

  /** Saves a platform's target (settings) and API key (secret store); `null` clears one. */
  async configure(service: string, patch: { target?: string | null; apiKey?: string | null }): Promise<void> {
    if (patch.apiKey === null) this.secrets.delete(keyOf(service));
    else if (patch.apiKey !== undefined) await this.secrets.set(keyOf(service), patch.apiKey);
    const next: AgentSettings = { ...(this.settings.get<AgentSettings>(key(service)) ?? {}) };
    if (patch.apiKey !== undefined) delete next.apiKey;
    if (patch.target === null) delete next.target;
    else if (patch.target !== undefined) next.target = patch.target;
    this.settings.set(key(service), next);
  }

  /** Moves API keys that earlier versions kept in the settings into the secret store; returns how many. */
  async moveKeysToSecretStore(): Promise<number> {
    let moved = 0;
    for (const k of this.settings.keys('agents.')) {
      const saved = this.settings.get<AgentSettings>(k);
      if (!saved?.apiKey) continue;
      const service = k.slice('agents.'.length);
      if (!this.secrets.has(keyOf(service))) await this.secrets.set(keyOf(service), saved.apiKey);
      const rest: AgentSettings = { ...saved };
      delete rest.apiKey;
      this.settings.set(k, rest);
      moved++;
    }
    return moved;
  }

  async find(service: string): Promise<AgentInfo | null> {
    const c = (await this.containers()).find((x) => x.service === service);
    return c ? this.describe(c) : null;
  }

  async send(service: string, prompt: string, target?: string): Promise<AgentReply> {
    const c = (await this.containers()).find((x) => x.service === service);
    if (!c)
      throw new ApiError(
        'NOT_FOUND',
        `${service} is not an agent platform of this stack`,
        'Start the agents profile on the Stack page.',
      );
    const platform = platformOf(service, c.info.Image);
    const adapter = ADAPTERS[platform];
    if (!adapter)
      throw new ApiError('INVALID_INPUT', `${service} has no prompt API the app can use; open its UI instead`);
    if (c.state !== 'running')
      throw new ApiError('UNAVAILABLE', `${service} is ${c.state}`, 'Start it on the Stack page.');
    const saved = this.settings.get<AgentSettings>(key(service)) ?? {};
    const chosen = target ?? saved.target;
    if (!chosen && platform !== 'dify') {
      throw new ApiError(
        'INVALID_INPUT',
        `${adapter.platform} needs a ${adapter.target}`,
        `Open ${service}'s UI, create or pick one, and paste its ${adapter.target} here.`,
      );
    }
    const apiKey = (await this.secrets.get(keyOf(service))) ?? saved.apiKey;
    const port = (c.info.Ports ?? []).find(
      (p) =>
        p.PrivatePort === adapter.containerPort &&
        p.PublicPort &&
        ['127.0.0.1', '0.0.0.0', '::', ''].includes(p.IP ?? ''),
    );
    if (!port)
      throw new ApiError('UNAVAILABLE', `${service} publishes no port for ${adapter.containerPort} on this machine`);
    const started = Date.now();
    const reply = await adapter.send({
      baseUrl: `http://127.0.0.1:${port.PublicPort}`,
      target: chosen ?? '',
      prompt,
      ...(apiKey ? { apiKey } : {}),
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
              configured: {
                ...(saved.target ? { target: saved.target } : {}),
                hasKey: this.secrets.has(keyOf(service)) || Boolean(saved.apiKey),
              },
            },
          }
        : {}),
    };
  }
}

function key(service: string): string {
  return `agents.${service}`;
}

function keyOf(service: string): string {
  return `agents.${service}.apiKey`;
}
