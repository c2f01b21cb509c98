import type Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, type ComposeProject, type ProfileSummary, type ProgressEvent, type ServiceStatus } from '../../src-shared/api';
import { Emitter, type Event, type IDisposable } from '../base';
import { ComposeError } from './compose-error';
import { loadProject, templateFiles } from './compose-loader';
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
}

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

  constructor(private readonly options: StackServiceOptions) {
    this.secrets = new SecretsStore(options.home);
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

  /** The hardware optimizer's override file; the templates themselves are never edited. */
  get overrideFile(): string {
    return this.options.overrideFile ?? join(this.options.home, 'compose.override.yml');
  }

  /** The resolved model for a profile (or only the profile-less services); `withOverride: false` reads the templates alone. */
  load(profile?: string, { withOverride = true }: { withOverride?: boolean } = {}): ComposeProject {
    return asApiError(() => {
      const files = templateFiles(this.options.templatesDir);
      this.secrets.ensureFor(files, this.options.env ?? process.env);
      const override = withOverride && existsSync(this.overrideFile) ? [this.overrideFile] : [];
      return loadProject({
        files: [...files, ...override],
        profiles: profile ? [profile] : [],
        env: this.secrets.environment(this.options.env ?? process.env),
        projectName: this.options.project,
        ...(this.options.displayRoot ? { displayRoot: this.options.displayRoot } : {}),
      });
    });
  }

  /** The model as shown to users (API, `sutazai config`): secrets replaced by `<secret>` unless asked. */
  config(profile?: string, showSecrets = false): ComposeProject {
    const model = this.load(profile);
    if (showSecrets) return model;
    return redactSecrets(model, this.secrets.secretValues(templateFiles(this.options.templatesDir), this.options.env ?? process.env));
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
        services: services.map((s) => ({ name: s.name, tier: s.tier, image: s.image, ...(s.category ? { category: s.category } : {}) })),
        reservations: sum('reservations'),
        limits: sum('limits'),
      };
    });
  }

  async up(profile: string, wait = false) {
    return this.orchestrator.up(this.load(profile), { profile, wait });
  }

  async down(profile?: string, volumes = false) {
    const services = profile ? Object.keys(this.load(profile).services) : undefined;
    return this.orchestrator.down(this.options.project, { ...(services ? { services } : {}), volumes });
  }

  ps(): Promise<ServiceStatus[]> {
    return projectStatus(this.options.docker, this.options.project);
  }

  serviceAction(service: string, action: 'start' | 'stop' | 'restart') {
    return this.orchestrator.serviceAction(this.options.project, service, action).finally(() => void this.pushServices());
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
    if (err instanceof ComposeError) throw new ApiError('INVALID_INPUT', err.message, 'Fix the compose file at the line named, then try again.');
    throw err;
  }
}
