import { join } from 'node:path';
import type { AppInfo } from '../../src-shared/api';
import { APP_NAME, DATABASE_FILE, DEFAULT_PROJECT, TEMPLATES_FOLDER } from '../../src-shared/defaults';
import { DisposableStore, toDisposable, type IDisposable } from '../base';
import type { Logger } from '../rpc';
import { discoverEngine, EngineClient, EngineMonitor } from '../engine';
import { CgroupLocator, ContainerMemory, HostSampler } from '../host';
import {
  ensureAppHome,
  openDatabase,
  resolveAppHome,
  SecretStore,
  SettingsRepository,
  type SecretCipher,
} from '../store';
import { AcknowledgementRepository, StackService } from '../stack';
import { ModelService } from '../models';
import { ChatService, ConversationRepository, OllamaProvider, OpenAiProvider, ToolCallRepository } from '../chat';
import {
  ContainerStdioTransport,
  McpManager,
  McpServerRepository,
  nodeRuntime,
  NpmInstaller,
  removeServerContainer,
} from '../mcp';
import { AgentRegistry } from '../agents';
import { AlertmanagerWebhook, EventLog } from '../events';
import { MemoryGuard } from '../guard';
import { Supervisor } from '../supervisor';
import { ContainerMetricsReader, MetricsCollector, MetricsRepository } from '../metrics';
import { LogService } from '../logs';
import { HardwareService } from '../hardware';
import { BrowserTokenStore, defaultLoginItem, SettingsService } from '../settings';
import { SetupService } from '../setup';
import type { LoginItem } from '../autostart';
import type { Core } from './core';
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
  /** Variable files read in place of the project's `.env` (`--env-file`). */
  envFiles?: string[];
  /** How this host starts the app on login (the desktop app brings its own; default: XDG autostart on Linux). */
  loginItem?: LoginItem;
  /** Encrypts stored secrets with a key the OS keeps (the desktop app's safeStorage); without it they are kept in the 0600 database only. */
  secretCipher?: SecretCipher;
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
    const opened = openDatabase(
      join(appHome(), DATABASE_FILE),
      options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {},
    );
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
  // Confirmations of host-access settings live in the database, opened only when one is asked about.
  const acknowledgements = part(() => new AcknowledgementRepository(db()));
  const stack = part(() =>
    own(
      new StackService({
        docker: engine().docker,
        home: appHome(),
        templatesDir: options.templatesDir ?? join(root, TEMPLATES_FOLDER),
        project,
        env,
        displayRoot: options.displayRoot ?? root,
        ...(options.envFiles ? { envFiles: options.envFiles } : {}),
        acknowledgements: {
          has: (...a) => acknowledgements().has(...a),
          add: (...a) => acknowledgements().add(...a),
        },
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
  const events = part(() => own(new EventLog(db())));
  const secrets = part(() => new SecretStore(db(), options.secretCipher));
  const mcp = part(() => {
    const runtime = nodeRuntime(env);
    return own(
      new McpManager({
        repository: new McpServerRepository(db()),
        secrets: secrets(),
        installer: new NpmInstaller(join(appHome(), 'mcp', 'npm'), runtime),
        runtime,
        record: (e) => events().record(e),
        project,
        version: info.version,
        containers: {
          transport: (record, plan, log) =>
            new ContainerStdioTransport({
              docker: engine().docker,
              project,
              serverId: record.id,
              image: plan.transport.kind === 'container' ? plan.transport.image : '',
              args: plan.transport.kind === 'container' ? plan.transport.args : [],
              env: plan.env,
              folders: record.folders,
              log,
            }),
          remove: (record) => removeServerContainer(engine().docker, project, record.id),
        },
      }),
    );
  });
  const chat = part(() =>
    own(
      new ChatService(
        new ConversationRepository(db()),
        {
          ollama: new OllamaProvider(models()),
          openai: new OpenAiProvider({ settings: settings(), env, docker: engine().docker, project }),
        },
        { host: mcp(), calls: new ToolCallRepository(db()) },
      ),
    ),
  );
  const alertmanagerWebhook = part(() => new AlertmanagerWebhook({ events: events(), project }));
  const supervisor = part(() =>
    own(new Supervisor({ docker: engine().docker, project, events: events(), memory: containerMemory() })),
  );
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
        followEvents: true,
      }),
    );
  });
  const agents = part(() => {
    const registry = new AgentRegistry(engine().docker, project, settings(), secrets());
    void registry
      .moveKeysToSecretStore()
      .then(() => secrets().sealPlain())
      .catch((err: Error) =>
        options.log?.warn(`Could not move the agents' API keys to the secret store: ${err.message}`),
      );
    return registry;
  });
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
        containers: new ContainerMetricsReader({
          docker,
          local: localEngine(),
          followEvents: true,
          ...(locator ? { cgroups: locator } : {}),
        }),
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
  const preferences = part(
    () =>
      new SettingsService({
        settings: settings(),
        engine: engine(),
        engineMonitor: engineMonitor(),
        guard: guard(),
        models: models(),
        loginItem: options.loginItem ?? defaultLoginItem(env),
        mode: options.mode,
        ...(options.memoryBudgetBytes ? { memoryBudgetFlag: options.memoryBudgetBytes } : {}),
      }),
  );
  const browserToken = part(() => new BrowserTokenStore(settings(), env.SUTAZAI_TOKEN));
  const setup = part(() => new SetupService(settings(), hardware(), stack()));
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
    get alertmanagerWebhook() {
      return alertmanagerWebhook();
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
    get preferences() {
      return preferences();
    },
    get browserToken() {
      return browserToken();
    },
    get setup() {
      return setup();
    },
    get mcp() {
      return mcp();
    },
    startSupervision() {
      events().prune();
      supervisor().start();
      guard().start();
      metrics().start();
      mcp().start();
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
