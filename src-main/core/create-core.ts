import { join } from 'node:path';
import { Router, type AllHandlers, type Logger } from '../rpc';
import { createEngineHandlers, discoverEngine, EngineClient, EngineMonitor } from '../engine';
import { createHostHandlers, HostSampler } from '../host';
import { ensureAppHome, openDatabase, SettingsRepository, type Db } from '../store';
import { createSystemHandlers } from './system-handlers';
import { AcknowledgementRepository, createStackHandlers, StackService } from '../stack';
import { createModelsHandlers, ModelService } from '../models';
import { ChatService, ConversationRepository, createChatHandlers, OllamaProvider, OpenAiProvider } from '../chat';
import { AgentRegistry, createAgentsHandlers } from '../agents';
import { AlertmanagerWebhook, createEventsHandlers, EventLog } from '../events';
import { createGuardHandlers, MemoryGuard } from '../guard';
import { readCgroupPeak, Supervisor } from '../supervisor';
import { createMetricsHandlers, MetricsCollector, MetricsRepository } from '../metrics';
import { createLogsHandlers, LogService } from '../logs';
import { createHardwareHandlers, HardwareService } from '../hardware';
import { projectRoot } from './version';
import { BrowserTokenStore, createSettingsHandlers, defaultLoginItem, SettingsService } from '../settings';
import { createSetupHandlers, SetupService } from '../setup';
import type { LoginItem } from '../autostart';
import type { AppInfo } from '../../src-shared/api';

export interface CoreOptions {
  home: string;
  mode: AppInfo['mode'];
  env?: NodeJS.ProcessEnv;
  version: string;
  /** better-sqlite3 binary for a non-Node ABI (the Electron build), when one is needed. */
  sqliteNativeBinding?: string;
  log?: Logger;
  /** Compose templates folder (default: the bundled compose-templates/). */
  templatesDir?: string;
  /** Compose project name (default: sutazai). */
  project?: string;
  /** Ollama URL given on the command line (`sutazai serve --ollama-url`). */
  ollamaUrl?: string;
  /** The stack's memory budget for the guard (`--memory-budget`); default: the host's memory. */
  memoryBudgetBytes?: number;
  /** How this host starts the app on login (the desktop app brings its own; default: XDG autostart on Linux). */
  loginItem?: LoginItem;
}

/**
 * The services every host shares, built with plain constructors. A host (Electron, browser
 * mode, CLI) creates one core, attaches its own transport to `router`, and calls `dispose`.
 */
export interface Core {
  home: string;
  db: Db;
  settings: SettingsRepository;
  engine: EngineClient;
  engineMonitor: EngineMonitor;
  hostSampler: HostSampler;
  stack: StackService;
  models: ModelService;
  chat: ChatService;
  events: EventLog;
  /** Alertmanager's notifications to events (the monitoring profile's receiver). */
  alertmanagerWebhook: AlertmanagerWebhook;
  supervisor: Supervisor;
  guard: MemoryGuard;
  agents: AgentRegistry;
  metrics: MetricsCollector;
  logs: LogService;
  hardware: HardwareService;
  /** The user's settings (the Settings page), applied as they change. */
  preferences: SettingsService;
  /** The browser mode's token, kept in the database. */
  browserToken: BrowserTokenStore;
  setup: SetupService;
  /** Starts supervision and the memory guard (hosts that keep running call this). */
  startSupervision(): void;
  router: Router;
  info: AppInfo;
  dispose(): void;
}

export function createCore(options: CoreOptions): Core {
  const home = ensureAppHome(options.home);
  const db = openDatabase(join(home, 'sutazai.db'), options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {});
  const settings = new SettingsRepository(db);
  const engine = new EngineClient(discoverEngine({ env: options.env ?? process.env }));
  const engineMonitor = new EngineMonitor(engine);
  const hostSampler = new HostSampler();
  const root = projectRoot();
  const stack = new StackService({
    docker: engine.docker,
    home,
    templatesDir: options.templatesDir ?? join(root, 'compose-templates'),
    project: options.project ?? 'sutazai',
    env: options.env ?? process.env,
    displayRoot: root,
    acknowledgements: new AcknowledgementRepository(db),
  });
  const models: ModelService = new ModelService({
    ...(options.ollamaUrl ? { flag: options.ollamaUrl } : {}),
    settings,
    env: options.env ?? process.env,
    docker: engine.docker,
    project: options.project ?? 'sutazai',
    stackUpAvailable: true,
    fitEstimate: (m) => hardware.fitFor(m),
  });
  const chat = new ChatService(new ConversationRepository(db), {
    ollama: new OllamaProvider(models),
    openai: new OpenAiProvider({ settings, env: options.env ?? process.env, docker: engine.docker, project: options.project ?? 'sutazai' }),
  });
  const events = new EventLog(db);
  const project = options.project ?? 'sutazai';
  const supervisor = new Supervisor({ docker: engine.docker, project, events, readPeak: readCgroupPeak });
  const alertmanagerWebhook = new AlertmanagerWebhook({ events, project });
  const savedBudget = settings.get<number | null>('guard.budgetBytes');
  const budgetBytes = options.memoryBudgetBytes ?? savedBudget ?? undefined;
  const guard = new MemoryGuard({
    docker: engine.docker,
    project,
    events,
    ...(budgetBytes ? { budgetBytes } : {}),
    dryRun: settings.get<boolean>('guard.dryRun') ?? false,
  });
  const agents = new AgentRegistry(engine.docker, project, settings);
  const metricsHistory = new MetricsRepository(db);
  const metrics = new MetricsCollector({
    docker: engine.docker,
    localEngine: engine.endpoint.url.startsWith('unix://'),
    home,
    project,
    repository: metricsHistory,
  });
  const logs = new LogService({ docker: engine.docker, project });
  const hardware: HardwareService = new HardwareService({
    docker: engine.docker,
    stack,
    home,
    engineDataRoot: async () => (await engine.status()).dataRoot,
    ollama: () => models.client(),
  });
  const preferences = new SettingsService({
    settings,
    engine,
    engineMonitor,
    guard,
    models,
    loginItem: options.loginItem ?? defaultLoginItem(options.env ?? process.env),
    mode: options.mode,
    ...(options.memoryBudgetBytes ? { memoryBudgetFlag: options.memoryBudgetBytes } : {}),
  });
  const browserToken = new BrowserTokenStore(settings, (options.env ?? process.env).SUTAZAI_TOKEN);
  const setup = new SetupService(settings, hardware, stack);
  const info: AppInfo = {
    name: 'SutazAI Control Center',
    version: options.version,
    mode: options.mode,
    home,
    node: process.versions.node,
    ...(process.versions.electron ? { electron: process.versions.electron } : {}),
    platform: process.platform,
    startedAt: Date.now(),
  };

  const handlers: AllHandlers = {
    ...createSystemHandlers(info),
    ...createEngineHandlers(engineMonitor),
    ...createHostHandlers(hostSampler),
    ...createStackHandlers(stack),
    ...createModelsHandlers(models),
    ...createChatHandlers(chat),
    ...createEventsHandlers(events),
    ...createAgentsHandlers(agents),
    ...createGuardHandlers(guard, supervisor, settings),
    ...createMetricsHandlers(metrics, metricsHistory),
    ...createLogsHandlers(logs),
    ...createHardwareHandlers(hardware),
    ...createSettingsHandlers(preferences, browserToken, home),
    ...createSetupHandlers(setup),
  };
  const router = new Router(handlers, options.log);

  return {
    home,
    db,
    settings,
    engine,
    engineMonitor,
    hostSampler,
    stack,
    models,
    chat,
    events,
    alertmanagerWebhook,
    supervisor,
    guard,
    agents,
    metrics,
    logs,
    hardware,
    preferences,
    browserToken,
    setup,
    startSupervision() {
      events.prune();
      supervisor.start();
      guard.start();
      metrics.start();
    },
    router,
    info,
    dispose() {
      supervisor.stop();
      guard.stop();
      hostSampler.stop();
      metrics.stop();
      logs.stopAll();
      chat.dispose();
      models.dispose();
      stack.dispose();
      engineMonitor.stop();
      db.close();
    },
  };
}
