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
import { LABELS, type ServiceRisk, type Tier } from './compose-model';
import { composeFilesIn } from './compose-discovery';
import { loadProject, templateFiles } from './compose-loader';
import { configHash } from './config-hash';
import { dangerousSettings } from './dangerous-settings';
import { Orchestrator } from './orchestrator';
import { readProjectEnvironment } from './project-environment';
import { redactSecrets } from './secret-redaction';
import { SECRET_NAME, SecretsStore } from './secrets-store';
import { projectStatus } from './stack-inventory';

export interface StackServiceOptions {
  docker: Docker;
  home: string;
  /** The folder of compose files: the bundled templates, or a compose folder the user added. */
  templatesDir: string;
  project: string;
  /**
   * `templates` (the SutazAI stack): every YAML file of the folder, the hardware optimizer's override
   * file and generated secrets. `folder`: a compose project as `docker compose` reads it in that
   * folder (its compose file and override file, or `files`), with nothing generated or added.
   */
  kind?: 'templates' | 'folder';
  /** A folder project's compose files, when they are not the ones compose finds by name (default: found by name). */
  files?: string[];
  /** The tier of services whose compose file gives none (read at each load, so a change applies). */
  defaultTier?: () => Tier;
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

  get kind(): 'templates' | 'folder' {
    return this.options.kind ?? 'templates';
  }

  /** The compose files this project is read from, in order (the override file not included). */
  composeFiles(): string[] {
    if (this.kind === 'templates') return templateFiles(this.options.templatesDir);
    return this.options.files?.length ? this.options.files : composeFilesIn(this.options.templatesDir);
  }

  get defaultTier(): Tier {
    return this.options.defaultTier?.() ?? 'core';
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
      const files = this.composeFiles();
      const env = this.options.env ?? process.env;
      const templates = this.kind === 'templates';
      if (templates) this.secrets.ensureFor(files, env);
      const override = templates && withOverride && existsSync(this.overrideFile) ? [this.overrideFile] : [];
      return loadProject({
        files: [...files, ...override],
        projectDir: this.options.templatesDir,
        ...(profiles === undefined ? {} : { profiles: typeof profiles === 'string' ? [profiles] : profiles }),
        env: templates ? this.secrets.environment(env) : env,
        ...(this.options.defaultTier ? { defaultTier: this.options.defaultTier() } : {}),
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
    return redactSecrets(model, this.secretValues());
  }

  /** Values to hide from users: the generated secrets, or a folder project's variables named like secrets. */
  private secretValues(): string[] {
    const env = this.options.env ?? process.env;
    if (this.kind === 'templates') return this.secrets.secretValues(this.composeFiles(), env);
    const { values } = readProjectEnvironment(this.options.templatesDir, env, this.options.envFiles);
    return Object.entries(values)
      .filter(([name, value]) => SECRET_NAME.test(name) && value.length >= 4)
      .map(([, value]) => value);
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

  /**
   * Each profile with its services and their reservations and limits. A compose folder whose
   * services run without a profile too lists those first, as the profile named '' (what
   * `docker compose up` with no profile starts).
   */
  profiles(): ProfileSummary[] {
    const preferred = ['minimal', 'standard', 'monitoring', 'agents', 'gateway', 'full'];
    const rank = (n: string) => (preferred.includes(n) ? preferred.indexOf(n) : preferred.length);
    // A profile named '' (some files list one) cannot be asked for by name.
    const names = this.load([])
      .profiles.filter(Boolean)
      .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    if (this.kind === 'folder' && Object.keys(this.load([]).services).length) names.unshift('');
    return names.map((name) => {
      const services = Object.values(this.load(name ? [name] : []).services);
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
  async up(profiles: ProfileChoice, wait = false, options: { build?: boolean; exclude?: string[] } = {}) {
    const model = withoutServices(this.load(profiles), options.exclude ?? []);
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

  /** Takes the services of these profiles down (`[]`: those without a profile), or the whole project when none are given. */
  async down(profiles?: ProfileChoice, volumes = false) {
    const services = profiles !== undefined ? Object.keys(this.load(profiles).services) : undefined;
    return this.orchestrator.down(this.options.project, { ...(services ? { services } : {}), volumes });
  }

  ps(): Promise<ServiceStatus[]> {
    return projectStatus(this.options.docker, this.options.project, this.defaultTier);
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

/** The model without some services, keeping any that a remaining service needs (a required dependency). */
function withoutServices(model: ComposeProject, exclude: string[]): ComposeProject {
  if (exclude.length === 0) return model;
  const keep = new Set(Object.keys(model.services).filter((n) => !exclude.includes(n)));
  const queue = [...keep];
  while (queue.length) {
    for (const [dep, d] of Object.entries(model.services[queue.pop()!]!.dependsOn)) {
      if (d.required && model.services[dep] && !keep.has(dep)) {
        keep.add(dep);
        queue.push(dep);
      }
    }
  }
  return { ...model, services: Object.fromEntries(Object.entries(model.services).filter(([n]) => keep.has(n))) };
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
