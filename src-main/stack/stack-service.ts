import type Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ApiError,
  type ComposeProject,
  type ProfileSummary,
  type ProgressEvent,
  type ServiceStatus,
} from '../../src-shared/api';
import { MemoryAcknowledgements, type AcknowledgementStore } from './acknowledgement-repository';
import { Emitter, type Event, type IDisposable } from '../base';
import { ComposeError } from './compose-error';
import { LABELS, type ServiceRisk } from './compose-model';
import { loadProject, templateFiles } from './compose-loader';
import { configHash } from './config-hash';
import { dangerousSettings } from './dangerous-settings';
import { Orchestrator } from './orchestrator';
import { redactSecrets } from './secret-redaction';
import { SecretsStore } from './secrets-store';
import { projectStatus } from './stack-inventory';

export interface StackServiceOptions {
  docker: Docker;
  home: string;
  templatesDir: string;
  project: string;
  env?: Record<string, string | undefined>;
  /** Folder shown as the root of paths in error messages. */
  displayRoot?: string;
  /** Compose file read after the templates when it exists (default: `<home>/compose.override.yml`). */
  overrideFile?: string;
  /** `--env-file`: read instead of the `.env` beside the compose files. */
  envFiles?: string[];
  /** Where confirmed dangerous settings are kept (default: in memory, for this process). */
  acknowledgements?: AcknowledgementStore;
}

/** Profiles as callers give them: one name, several, or none (then `COMPOSE_PROFILES`, else none). */
export type ProfileChoice = string | string[] | undefined;

/**
 * The stack as the app offers it: templates → model (with generated secrets) → orchestrator,
 * plus progress and service-state streams for the UI.
 */
export class StackService {
  readonly orchestrator: Orchestrator;
  readonly secrets: SecretsStore;
  private readonly progress = new Emitter<ProgressEvent>();
  /** The orchestrator's progress events (pulls, starts, readiness, removals). */
  readonly onProgress: Event<ProgressEvent> = this.progress.event;
  /** Service states are polled every 2 s while someone watches. */
  private readonly services = new Emitter<ServiceStatus[]>({
    onWillAddFirstListener: () => {
      this.watchTimer = setInterval(() => void this.pushServices(), 2000);
      this.watchTimer.unref?.();
    },
    onDidRemoveLastListener: () => {
      clearInterval(this.watchTimer);
      this.watchTimer = undefined;
    },
  });
  private watchTimer: NodeJS.Timeout | undefined;
  private lastServices = '';
  private readonly acknowledgements: AcknowledgementStore;

  constructor(private readonly options: StackServiceOptions) {
    this.secrets = new SecretsStore(options.home);
    this.acknowledgements = options.acknowledgements ?? new MemoryAcknowledgements();
    this.orchestrator = new Orchestrator(options.docker, (e) => {
      this.progress.fire(e);
      if (e.phase === 'running' || e.phase === 'removed' || e.phase === 'ready') void this.pushServices();
    });
  }

  get project(): string {
    return this.options.project;
  }

  get templatesDir(): string {
    return this.options.templatesDir;
  }

  /**
   * The token the stack's services send to the control center (SUTAZAI_API_TOKEN), as their
   * containers get it: the environment's value, else the generated one; unset until generated.
   */
  apiToken(): string | undefined {
    return (this.options.env ?? process.env).SUTAZAI_API_TOKEN || this.secrets.read().SUTAZAI_API_TOKEN || undefined;
  }

  /** The hardware optimizer's override file; the templates themselves are never edited. */
  get overrideFile(): string {
    return this.options.overrideFile ?? join(this.options.home, 'compose.override.yml');
  }

  /** The resolved model for some profiles (or only the profile-less services); `withOverride: false` reads the templates alone. */
  load(profiles?: ProfileChoice, { withOverride = true }: { withOverride?: boolean } = {}): ComposeProject {
    return asApiError(() => {
      const files = templateFiles(this.options.templatesDir);
      this.secrets.ensureFor(files, this.options.env ?? process.env);
      const override = withOverride && existsSync(this.overrideFile) ? [this.overrideFile] : [];
      return loadProject({
        files: [...files, ...override],
        projectDir: this.options.templatesDir,
        ...(profiles === undefined ? {} : { profiles: typeof profiles === 'string' ? [profiles] : profiles }),
        env: this.secrets.environment(this.options.env ?? process.env),
        ...(this.options.envFiles ? { envFiles: this.options.envFiles } : {}),
        projectName: this.options.project,
        ...(this.options.displayRoot ? { displayRoot: this.options.displayRoot } : {}),
      });
    });
  }

  /** The model as shown to users (API, `sutazai config`): secrets replaced by `<secret>` unless asked. */
  config(profiles?: ProfileChoice, showSecrets = false): ComposeProject {
    const model = this.load(profiles);
    if (showSecrets) return model;
    return redactSecrets(
      model,
      this.secrets.secretValues(templateFiles(this.options.templatesDir), this.options.env ?? process.env),
    );
  }

  /** The services of these profiles whose settings give them part of the host, and whether each was confirmed. */
  risks(profiles?: ProfileChoice): ServiceRisk[] {
    return this.risksOf(this.load(profiles));
  }

  /**
   * Records that the user confirmed these services' dangerous settings, for exactly the
   * configuration they saw (its hash): a change to the service asks again.
   */
  acknowledge(items: { service: string; configHash: string }[]): ServiceRisk[] {
    const current = this.risksOf(this.load('*'));
    for (const item of items) {
      const risk = current.find((r) => r.service === item.service && r.configHash === item.configHash);
      if (!risk)
        throw new ApiError(
          'CONFLICT',
          `The configuration of ${item.service} changed since it was shown (or it has no dangerous settings)`,
          'Review its settings again, then confirm.',
        );
      this.acknowledgements.add(this.options.project, risk.service, risk.configHash, risk.settings);
    }
    return this.risksOf(this.load('*'));
  }

  private risksOf(model: ComposeProject): ServiceRisk[] {
    return Object.values(model.services).flatMap((spec) => {
      const settings = dangerousSettings(spec);
      if (settings.length === 0) return [];
      const hash = configHash(spec);
      const justification = spec.labels[LABELS.hostAccess];
      return [
        {
          service: spec.name,
          configHash: hash,
          settings,
          ...(justification ? { justification } : {}),
          acknowledged: this.acknowledgements.has(model.name, spec.name, hash),
        },
      ];
    });
  }

  profiles(): ProfileSummary[] {
    const preferred = ['minimal', 'standard', 'monitoring', 'agents', 'gateway', 'full'];
    const rank = (n: string) => (preferred.includes(n) ? preferred.indexOf(n) : preferred.length);
    const names = [...this.load().profiles].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return names.map((name) => {
      const services = Object.values(this.load(name).services);
      const sum = (kind: 'limits' | 'reservations') => ({
        memoryBytes: services.reduce((a, s) => a + (s[kind].memoryBytes ?? 0), 0),
        cpus: Math.round(services.reduce((a, s) => a + (s[kind].cpus ?? 0), 0) * 100) / 100,
      });
      return {
        name,
        services: services.map((s) => ({
          name: s.name,
          tier: s.tier,
          image: s.image,
          ...(s.category ? { category: s.category } : {}),
        })),
        reservations: sum('reservations'),
        limits: sum('limits'),
      };
    });
  }

  /** Starts the profiles' services; refuses while any of them has dangerous settings the user has not confirmed. */
  async up(profiles: ProfileChoice, wait = false, options: { build?: boolean } = {}) {
    const model = this.load(profiles);
    const pending = this.risksOf(model).filter((r) => !r.acknowledged);
    if (pending.length) {
      throw new ApiError(
        'CONFLICT',
        `Not started: ${pending.map((r) => `${r.service} (${r.settings.map((s) => s.setting).join('; ')})`).join(', ')} ${pending.length === 1 ? 'gets' : 'get'} part of the host and ${pending.length === 1 ? 'was' : 'were'} not confirmed. Nothing was created.`,
        'Review and confirm them on the Stack page, or with `sutazai up` on a terminal (or --yes).',
      );
    }
    return this.orchestrator.up(model, {
      profile: model.activeProfiles.join(','),
      wait,
      ...(options.build ? { build: true } : {}),
    });
  }

  async down(profiles?: ProfileChoice, volumes = false) {
    const services = profiles && profiles.length ? Object.keys(this.load(profiles).services) : undefined;
    return this.orchestrator.down(this.options.project, { ...(services ? { services } : {}), volumes });
  }

  ps(): Promise<ServiceStatus[]> {
    return projectStatus(this.options.docker, this.options.project);
  }

  serviceAction(service: string, action: 'start' | 'stop' | 'restart') {
    return this.orchestrator
      .serviceAction(this.options.project, service, action)
      .finally(() => void this.pushServices());
  }

  /** Service states while someone watches: now, on every change the app makes, and every 2 s. */
  watchServices(listener: (s: ServiceStatus[]) => void): IDisposable {
    const subscription = this.services.event(listener);
    this.lastServices = '';
    void this.pushServices();
    return subscription;
  }

  dispose(): void {
    this.services.dispose();
    this.progress.dispose();
  }

  private async pushServices(): Promise<void> {
    if (!this.services.hasListeners) return;
    let services: ServiceStatus[];
    try {
      services = await this.ps();
    } catch {
      return;
    }
    const key = JSON.stringify(services);
    if (key === this.lastServices) return;
    this.lastServices = key;
    this.services.fire(services);
  }
}

function asApiError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ComposeError)
      throw new ApiError(
        'INVALID_INPUT',
        err.message,
        err.pos ? 'Fix the compose file at the line named, then try again.' : undefined,
      );
    throw err;
  }
}
