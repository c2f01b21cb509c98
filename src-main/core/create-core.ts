import { join } from 'node:path';
import type { AppInfo } from '../../src-shared/api';
import { APP_NAME, DATABASE_FILE, DEFAULT_PROJECT, TEMPLATES_FOLDER } from '../../src-shared/defaults';
import { DisposableStore, toDisposable, type IDisposable } from '../base';
import type { Logger, Router } from '../rpc/router';
import { discoverEngine, EngineClient, EngineMonitor } from '../engine';
import { CgroupLocator, ContainerMemory, HostSampler } from '../host';
import { ensureAppHome, openDatabase, resolveAppHome, SettingsRepository, type Db } from '../store';
import { StackService } from '../stack';
import { ModelService } from '../models';
import { ChatService, ConversationRepository, OllamaProvider, OpenAiProvider } from '../chat';
import { AgentRegistry } from '../agents';
import { EventLog } from '../events';
import { MemoryGuard } from '../guard';
import { Supervisor } from '../supervisor';
import { ContainerMetricsReader, MetricsCollector, MetricsRepository } from '../metrics';
import { LogService } from '../logs';
import { HardwareService } from '../hardware';
import { createCoreRouter } from './core-router';
import { appVersion, projectRoot } from './version';

export interface CoreOptions {
  mode: AppInfo['mode'];
  /** Where app data lives (default: SUTAZAI_HOME, else the OS's app-data folder). */
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** Default: the version in package.json. */
  version?: string;
  /** better-sqlite3 binary for a non-Node ABI (the Electron build), when one is needed. */
  sqliteNativeBinding?: string;
  log?: Logger;
  /** Compose templates folder (default: the bundled compose-templates/). */
  templatesDir?: string;
  /** Compose project name (default: sutazai). */
  project?: string;
  /** Folder that compose error messages name paths from (default: the install; the CLI gives the working directory). */
  displayRoot?: string;
  /** Ollama URL given on the command line (`sutazai serve --ollama-url`). */
  ollamaUrl?: string;
  /** The stack's memory budget for the guard (`--memory-budget`); default: the host's memory. */
  memoryBudgetBytes?: number;
}

/**
 * The services every host shares, built with plain constructors. A host (Electron, browser
 * mode, CLI) creates one core, attaches its own transport to `router`, and calls `dispose`.
 * Each part is built when first used, so a one-shot CLI command pays only for what it touches
 * (`sutazai ps` opens no database); nothing runs in the background until a host starts it.
 */
export interface Core {
  home: string;
  /** The SQLite file in the home; it exists once a part has needed the database. */
  databaseFile: string;
  project: string;
  readonly db: Db;
  readonly settings: SettingsRepository;
  readonly engine: EngineClient;
  readonly engineMonitor: EngineMonitor;
  readonly hostSampler: HostSampler;
  readonly stack: StackService;
  readonly models: ModelService;
  readonly chat: ChatService;
  readonly events: EventLog;
  readonly supervisor: Supervisor;
  readonly guard: MemoryGuard;
  readonly agents: AgentRegistry;
  readonly metrics: MetricsCollector;
  readonly metricsHistory: MetricsRepository;
  readonly logs: LogService;
  readonly hardware: HardwareService;
  /** Starts supervision, the memory guard and the metrics collector (hosts that keep running call this). */
  startSupervision(): void;
  readonly router: Router;
  info: AppInfo;
  /** Stops everything that was started and releases what was built (timers, streams, files, the database). */
  dispose(): void;
}

export function createCore(options: CoreOptions): Core {
  const env = options.env ?? process.env;
  const home = options.home ?? resolveAppHome(env);
  const project = options.project ?? DEFAULT_PROJECT;
  const databaseFile = join(home, DATABASE_FILE);
  const root = projectRoot();
  const owned = new DisposableStore();
  /** Builds a part on first use; what holds resources is released by `dispose`, last built first. */
  const part = <T>(make: () => T): (() => T) => {
    let built: { value: T } | undefined;
    return () => (built ??= { value: make() }).value;
  };
  const own = <T extends IDisposable>(value: T): T => owned.add(value);

  const appHome = part(() => ensureAppHome(home));
  const db = part(() => {
    const opened = openDatabase(join(appHome(), DATABASE_FILE), options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {});
    own(toDisposable(() => opened.close()));
    return opened;
  });
  const settings = part(() => new SettingsRepository(db()));
  const engine = part(() => own(new EngineClient(discoverEngine({ env }))));
  const engineMonitor = part(() => own(new EngineMonitor(engine())));
  const hostSampler = part(() => own(new HostSampler()));
  // A local engine's containers are measured from their cgroup files.
  const localEngine = part(() => engine().endpoint.url.startsWith('unix://'));
  const cgroups = part(() => (localEngine() ? new CgroupLocator({ docker: engine().docker }) : undefined));
  const containerMemory = part(() => new ContainerMemory({ docker: engine().docker, cgroups: cgroups() }));
  const stack = part(() =>
    own(
      new StackService({
        docker: engine().docker,
        home: appHome(),
        templatesDir: options.templatesDir ?? join(root, TEMPLATES_FOLDER),
        project,
        env,
        displayRoot: options.displayRoot ?? root,
      }),
    ),
  );
  const models: () => ModelService = part(() =>
    own(
      new ModelService({
        ...(options.ollamaUrl ? { flag: options.ollamaUrl } : {}),
        settings: settings(),
        env,
        docker: engine().docker,
        project,
        stackUpAvailable: true,
        fitEstimate: (m) => hardware().fitFor(m),
      }),
    ),
  );
  const chat = part(() =>
    own(
      new ChatService(new ConversationRepository(db()), {
        ollama: new OllamaProvider(models()),
        openai: new OpenAiProvider({ settings: settings(), env, docker: engine().docker, project }),
      }),
    ),
  );
  const events = part(() => own(new EventLog(db())));
  const supervisor = part(() => own(new Supervisor({ docker: engine().docker, project, events: events(), memory: containerMemory() })));
  const guard = part(() => {
    const budgetBytes = options.memoryBudgetBytes ?? settings().get<number | null>('guard.budgetBytes') ?? undefined;
    return own(
      new MemoryGuard({
        docker: engine().docker,
        project,
        events: events(),
        ...(budgetBytes ? { budgetBytes } : {}),
        dryRun: settings().get<boolean>('guard.dryRun') ?? false,
        memory: containerMemory(),
      }),
    );
  });
  const agents = part(() => new AgentRegistry(engine().docker, project, settings()));
  const metricsHistory = part(() => new MetricsRepository(db()));
  const metrics = part(() => {
    const docker = engine().docker;
    const locator = cgroups();
    return own(
      new MetricsCollector({
        docker,
        localEngine: localEngine(),
        home,
        project,
        repository: metricsHistory(),
        containers: new ContainerMetricsReader({ docker, local: localEngine(), ...(locator ? { cgroups: locator } : {}) }),
      }),
    );
  });
  const logs = part(() => own(new LogService({ docker: engine().docker, project })));
  const hardware: () => HardwareService = part(
    () =>
      new HardwareService({
        docker: engine().docker,
        stack: stack(),
        home,
        engineDataRoot: async () => (await engine().status()).dataRoot,
        ollama: () => models().client(),
      }),
  );
  const info: AppInfo = {
    name: APP_NAME,
    version: options.version ?? appVersion(),
    mode: options.mode,
    home,
    node: process.versions.node,
    ...(process.versions.electron ? { electron: process.versions.electron } : {}),
    platform: process.platform,
    startedAt: Date.now(),
  };
  const core: Core = {
    home,
    databaseFile,
    project,
    get db() {
      return db();
    },
    get settings() {
      return settings();
    },
    get engine() {
      return engine();
    },
    get engineMonitor() {
      return engineMonitor();
    },
    get hostSampler() {
      return hostSampler();
    },
    get stack() {
      return stack();
    },
    get models() {
      return models();
    },
    get chat() {
      return chat();
    },
    get events() {
      return events();
    },
    get supervisor() {
      return supervisor();
    },
    get guard() {
      return guard();
    },
    get agents() {
      return agents();
    },
    get metrics() {
      return metrics();
    },
    get metricsHistory() {
      return metricsHistory();
    },
    get logs() {
      return logs();
    },
    get hardware() {
      return hardware();
    },
    startSupervision() {
      events().prune();
      supervisor().start();
      guard().start();
      metrics().start();
    },
    get router() {
      return router();
    },
    info,
    dispose() {
      owned.dispose();
    },
  };
  const router = part(() => createCoreRouter(core, options.log));
  return core;
}
