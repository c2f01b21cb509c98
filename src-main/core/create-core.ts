import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { AppInfo } from '../../src-shared/api';
import { serviceSeriesPrefix } from '../../src-shared/api/features/metrics';
import { APP_NAME, DATABASE_FILE, DEFAULT_PROJECT, TEMPLATES_FOLDER } from '../../src-shared/defaults';
import { DisposableStore, toDisposable, type IDisposable } from '../base';
import type { Logger } from '../rpc';
import { discoverEngine, EngineClient, EngineMonitor } from '../engine';
import {
  DEFAULT_PROBE_IMAGE,
  EngineRegistry,
  EngineTunnel,
  EnginesService,
  HostProbe,
  isLocalEngineUrl,
} from '../engines';
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
import { ManagedProject, ProjectRegistry, ProjectRepository } from '../projects';
import { ModelService } from '../models';
import { ChatService, ConversationRepository, OllamaProvider, OpenAiProvider, ToolCallRepository } from '../chat';
import {
  loadContainerTransport,
  McpManager,
  McpServerRepository,
  nodeRuntime,
  NpmInstaller,
  removeServerContainer,
} from '../mcp';
import { AgentRegistry } from '../agents';
import { AlertmanagerWebhook, EventLog } from '../events';
import { MemoryGuard } from '../guard';
import { ContainerMetricsReader, MetricsCollector, MetricsRepository } from '../metrics';
import { HardwareService } from '../hardware';
import { BrowserTokenStore, defaultLoginItem, SettingsService } from '../settings';
import { SetupService } from '../setup';
import { localHost, PlannerService, UsageHistory, type PlannerHost } from '../planner';
import { MaintenanceHolds } from '../maintenance';
import { SnapshotService } from '../snapshots';
import { SwarmService, SwarmWatch } from '../swarm';
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
  /** The SutazAI stack's compose project name (default: sutazai). */
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
  let dbOpened = false;
  const db = part(() => {
    dbOpened = true;
    const opened = openDatabase(
      join(appHome(), DATABASE_FILE),
      options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {},
    );
    own(toDisposable(() => opened.close()));
    return opened;
  });
  const settings = part(() => new SettingsRepository(db()));
  // The engine the user chose on the Engines page (kept in the home's engines.json), else the one found here.
  const engineRegistry = part(
    () => new EngineRegistry({ home, env, userHome: env.HOME || homedir(), discovered: () => discoverEngine({ env }) }),
  );
  const engine = part(() => own(new EngineClient(engineRegistry().startEndpoint())));
  const engineMonitor = part(() => own(new EngineMonitor(engine())));
  // A remote machine's memory, pressure and CPU, read by a small container on its engine.
  // Ports the stack publishes on a remote engine's loopback, reached through the engine connection.
  const engineTunnel = part(() =>
    own(
      new EngineTunnel({
        docker: engine().docker,
        project,
        image: env.SUTAZAI_PROBE_IMAGE ?? DEFAULT_PROBE_IMAGE,
      }),
    ),
  );
  const hostProbe = part(() =>
    own(
      new HostProbe({
        docker: engine().docker,
        project,
        ...(env.SUTAZAI_PROBE_IMAGE ? { image: env.SUTAZAI_PROBE_IMAGE } : {}),
      }),
    ),
  );
  const engines = part(
    () =>
      new EnginesService({ registry: engineRegistry(), engine: engine(), monitor: engineMonitor(), probe: hostProbe }),
  );
  const hostSampler = part(() => own(new HostSampler()));
  // A local engine's containers are measured from their cgroup files.
  const localEngine = part(() => engine().endpoint.url.startsWith('unix://'));
  const cgroups = part(() => (localEngine() ? new CgroupLocator({ docker: engine().docker }) : undefined));
  const containerMemory = part(() => new ContainerMemory({ docker: engine().docker, cgroups: cgroups() }));
  // Confirmations of host-access settings live in the database, opened only when one is asked about.
  const acknowledgements = part(() => new AcknowledgementRepository(db()));
  const acknowledgementStore = {
    has: (...a: Parameters<AcknowledgementRepository['has']>) => acknowledgements().has(...a),
    add: (...a: Parameters<AcknowledgementRepository['add']>) => acknowledgements().add(...a),
  };
  const events = part(() => own(new EventLog(db())));
  // The parts every managed project shares; each project's own parts run on the engine it is given.
  const projectParts = {
    env,
    acknowledgements: acknowledgementStore,
    events: () => events(),
    memory: () => containerMemory(),
    holds: () => holds(),
  };
  // The SutazAI stack: the first project, built without the database (`sutazai ps` opens none).
  const sutazai = part(() =>
    own(
      new ManagedProject({
        ...projectParts,
        name: project,
        kind: 'sutazai',
        dir: options.templatesDir ?? join(root, TEMPLATES_FOLDER),
        defaultTier: 'core',
        docker: engine().docker,
        home: appHome(),
        displayRoot: options.displayRoot ?? root,
        ...(options.envFiles ? { envFiles: options.envFiles } : {}),
      }),
    ),
  );
  const projectRepository = part(() => new ProjectRepository(db()));
  const projects = part(() =>
    own(
      new ProjectRegistry({
        sutazai,
        repository: projectRepository,
        hasDatabase: () => dbOpened || existsSync(databaseFile),
        create: (record) =>
          new ManagedProject({
            ...projectParts,
            ...record,
            kind: 'folder',
            docker: engine().docker,
            home: appHome(),
            ...(options.displayRoot ? { displayRoot: options.displayRoot } : {}),
          }),
        docker: () => engine().docker,
        env,
      }),
    ),
  );
  const stack = () => sutazai().stack;
  // Services a snapshot or restore holds, seen by every process that shares the home.
  const holds = part(() => new MaintenanceHolds(appHome()));
  /** Another compose project's StackService from the same templates, in a folder of its own (a snapshot's clone). */
  const stackFor = (o: { project: string; home: string; templatesDir: string; envFiles?: string[] }) =>
    new StackService({
      docker: engine().docker,
      home: o.home,
      templatesDir: o.templatesDir,
      project: o.project,
      kind: 'templates',
      env,
      displayRoot: options.displayRoot ?? root,
      ...(o.envFiles ? { envFiles: o.envFiles } : {}),
      acknowledgements: acknowledgementStore,
    });
  const models: () => ModelService = part(() =>
    own(
      new ModelService({
        ...(options.ollamaUrl ? { flag: options.ollamaUrl } : {}),
        settings: settings(),
        env,
        docker: engine().docker,
        project,
        tunnel: (host, port) => (isLocalEngineUrl(engine().endpoint.url) ? undefined : engineTunnel().url(host, port)),
        stackUpAvailable: true,
        fitEstimate: (m) => hardware().fitFor(m),
      }),
    ),
  );
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
          transport: async (record, plan, log) => {
            const { ContainerStdioTransport } = await loadContainerTransport();
            return new ContainerStdioTransport({
              docker: engine().docker,
              project,
              serverId: record.id,
              image: plan.transport.kind === 'container' ? plan.transport.image : '',
              args: plan.transport.kind === 'container' ? plan.transport.args : [],
              env: plan.env,
              folders: record.folders,
              log,
            });
          },
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
  const guard = part(() => {
    const budgetBytes = options.memoryBudgetBytes ?? settings().get<number | null>('guard.budgetBytes') ?? undefined;
    return own(
      new MemoryGuard({
        docker: engine().docker,
        projects: () => projects().scopes(),
        events: events(),
        ...(budgetBytes ? { budgetBytes } : {}),
        dryRun: settings().get<boolean>('guard.dryRun') ?? false,
        memory: containerMemory(),
        holds: holds(),
        // The current engine's machine: /proc here, or the probe on a remote engine (stale figures throw, so nothing is done on them).
        readHost: () => engines().hostMemory(),
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
        projects: () =>
          projects()
            .list()
            .map((p) => p.name),
        repository: metricsHistory(),
        remoteHost: () => {
          if (isLocalEngineUrl(engine().endpoint.url)) return undefined;
          const now = hostProbe().current();
          const name = engineRegistry().currentName();
          return 'sample' in now
            ? { engine: name, sample: now.sample }
            : { engine: name, reason: now.reason, ...(now.last ? { sample: now.last } : {}) };
        },
        containers: new ContainerMetricsReader({
          docker,
          local: localEngine(),
          followEvents: true,
          ...(locator ? { cgroups: locator } : {}),
        }),
      }),
    );
  });

  const hardware: () => HardwareService = part(
    () =>
      new HardwareService({
        docker: engine().docker,
        stack: stack(),
        home,
        engineDataRoot: async () => (await engine().status()).dataRoot,
        managedProjects: () =>
          projects()
            .list()
            .map((p) => p.name),
        ollama: () => models().client(),
      }),
  );
  const usageHistory = part(() => new UsageHistory({ repository: metricsHistory(), project }));
  // A managed compose folder's planner: its own services and measured history, the same machine.
  const folderPlanners = new Map<string, { project: ManagedProject; planner: PlannerService }>();
  const plannerFor = (p: ManagedProject): PlannerService => {
    if (p.kind === 'sutazai') return planner();
    const known = folderPlanners.get(p.name);
    if (known?.project === p) return known.planner;
    const history = new UsageHistory({
      repository: metricsHistory(),
      project: p.name,
      seriesPrefix: serviceSeriesPrefix(p.name, project),
    });
    const made = newPlanner(p.docker, p.stack, history);
    folderPlanners.set(p.name, { project: p, planner: made });
    return made;
  };
  /** A managed project deployed to a Docker Swarm from the project's engine (it must be a manager). */
  // Its probe service and per-node guard live as long as the app, one per project and engine.
  const swarmWatches = new Map<string, SwarmWatch>();
  const swarmWatchFor = (p: ManagedProject): SwarmWatch => {
    const known = swarmWatches.get(p.name);
    if (known?.docker === p.docker) return known;
    known?.dispose();
    const made = own(
      new SwarmWatch({
        docker: p.docker,
        stack: p.name,
        events: events(),
        defaultTier: () => p.defaultTier,
        dryRun: () => settings().get<boolean>('guard.dryRun') ?? false,
        ...(env.SUTAZAI_PROBE_IMAGE ? { image: env.SUTAZAI_PROBE_IMAGE } : {}),
      }),
    );
    swarmWatches.set(p.name, made);
    return made;
  };
  const swarmFor = (p: ManagedProject): SwarmService =>
    new SwarmService({ docker: p.docker, stack: p.stack, watch: swarmWatchFor(p) });
  // The planner's host figures: this machine's, or the probe's on a remote engine's machine.
  const plannerHost: PlannerHost = {
    memory: () => engines().hostMemory(),
    diskFree: localHost.diskFree,
    get sources() {
      return isLocalEngineUrl(engine().endpoint.url)
        ? localHost.sources
        : {
            memory: `/proc/meminfo read by a probe container on ${engine().endpoint.url}`,
            pressure: `/proc/pressure/memory read by a probe container on ${engine().endpoint.url}`,
            disk: 'statfs',
          };
    },
  };
  const planner = part(() => newPlanner(engine().docker, stack(), usageHistory()));
  function newPlanner(docker: Docker, forStack: StackService, history: UsageHistory): PlannerService {
    return new PlannerService({
      docker,
      stack: forStack,
      host: plannerHost,
      guard: guard(),
      ollama: models(),
      hardware: hardware(),
      latestSnapshot: () => metrics().latest(),
      workingSet: (id) => containerMemory().workingSet(id),
      gpus: async () =>
        (await hardware().profile()).gpus.map((g) => ({
          index: g.index,
          name: g.name,
          totalBytes: g.vramTotalBytes ?? 0,
          usedBytes: g.vramUsedBytes ?? 0,
        })),
      history,
      oomKills: (p, since) => {
        const counts = new Map<string, number>();
        for (const e of events().list({ project: p, kinds: ['oom-kill'], since, limit: 5000 }))
          counts.set(e.service, (counts.get(e.service) ?? 0) + 1);
        return counts;
      },
      // Free disk is read on this machine, so only a local engine's data root is looked at.
      engineDataRoot: async () => (localEngine() ? (await engine().status()).dataRoot : undefined),
      env,
    });
  }
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
  const snapshots = part(() =>
    own(
      new SnapshotService({
        docker: engine().docker,
        stack: stack(),
        home: appHome(),
        events: events(),
        settings: settings(),
        holds: holds(),
        appVersion: info.version,
        engineVersion: async () => {
          const status = await engine().status();
          return { version: status.version ?? 'unknown', apiVersion: status.apiVersion ?? 'unknown' };
        },
        listModels: async () => {
          const { ollama, url } = await models().client();
          const listed = await Promise.race([
            ollama.list(),
            new Promise<never>((_r, reject) => setTimeout(() => reject(new Error('no answer in 5 s')), 5000).unref()),
          ]).catch((err: Error) => {
            throw new Error(`Ollama at ${url} did not answer (${err.message})`);
          });
          return listed.models.map((m) => ({ name: m.name, digest: m.digest, sizeBytes: m.size }));
        },
        makeStack: (o) => stackFor(o),
        ...(env.SUTAZAI_SNAPSHOT_HELPER ? { helperImage: env.SUTAZAI_SNAPSHOT_HELPER } : {}),
      }),
    ),
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
    get engines() {
      return engines();
    },
    get hostSampler() {
      return hostSampler();
    },
    get stack() {
      return stack();
    },
    get projects() {
      return projects();
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
      return sutazai().supervisor;
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
      return sutazai().logs;
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
    get planner() {
      return planner();
    },
    plannerFor,
    swarmFor,
    get snapshots() {
      return snapshots();
    },
    get mcp() {
      return mcp();
    },
    startSupervision() {
      events().prune();
      projects().startSupervision();
      guard().start();
      metrics().start();
      // The planner's measured use: read the history's window now, off the path of the first plan.
      void usageHistory()
        .refresh()
        .catch((err: Error) => options.log?.warn(`Could not read the metrics history: ${err.message}`));
      mcp().start();
      // What a snapshot or restore that died in the middle left: finished or undone, then the schedule.
      void snapshots()
        .recover()
        .catch((err: Error) => options.log?.warn(`Snapshot recovery failed: ${err.message}`));
      snapshots().scheduler.start();
      // A project deployed on a swarm (this engine a manager): its nodes are watched and guarded from now on.
      for (const p of projects().list())
        void swarmFor(p)
          .watchIfDeployed()
          .catch((err: Error) => options.log?.warn(`Could not watch the swarm stack ${p.name}: ${err.message}`));
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
