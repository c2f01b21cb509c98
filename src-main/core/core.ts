import type { AppInfo } from '../../src-shared/api';
import type { AgentRegistry } from '../agents';
import type { ChatService } from '../chat';
import type { EngineClient, EngineMonitor } from '../engine';
import type { EnginesService } from '../engines';
import type { AlertmanagerWebhook, EventLog } from '../events';
import type { MemoryGuard } from '../guard';
import type { HardwareService } from '../hardware';
import type { HostSampler } from '../host';
import type { LogService } from '../logs';
import type { McpManager } from '../mcp';
import type { MetricsCollector, MetricsRepository } from '../metrics';
import type { ModelService } from '../models';
import type { Router } from '../rpc';
import type { BrowserTokenStore, SettingsService } from '../settings';
import type { SetupService } from '../setup';
import type { PlannerService } from '../planner';
import type { ManagedProject, ProjectRegistry } from '../projects';
import type { SnapshotService } from '../snapshots';
import type { StackService } from '../stack';
import type { SwarmService } from '../swarm';
import type { Db, SettingsRepository } from '../store';
import type { Supervisor } from '../supervisor';

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
  /** The engines the stack can run on, and the choice of one (the Engines page, `sutazai engines`). */
  readonly engines: EnginesService;
  readonly hostSampler: HostSampler;
  /** The SutazAI stack's stack service: the same as `projects.sutazai.stack`. */
  readonly stack: StackService;
  /**
   * Every managed project (the SutazAI stack first, then the compose folders the user added), each
   * with its own stack service, logs and supervisor. Features that act on a project take one of these.
   */
  readonly projects: ProjectRegistry;
  readonly models: ModelService;
  readonly chat: ChatService;
  readonly events: EventLog;
  /** Alertmanager's notifications to events (the monitoring profile's receiver). */
  readonly alertmanagerWebhook: AlertmanagerWebhook;
  /** The SutazAI stack's supervisor (`projects.sutazai.supervisor`); each project has its own. */
  readonly supervisor: Supervisor;
  readonly guard: MemoryGuard;
  readonly agents: AgentRegistry;
  readonly metrics: MetricsCollector;
  readonly metricsHistory: MetricsRepository;
  /** The SutazAI stack's logs (`projects.sutazai.logs`); each project has its own. */
  readonly logs: LogService;
  readonly hardware: HardwareService;
  /** The user's settings (the Settings page), applied as they change. */
  readonly preferences: SettingsService;
  /** The browser mode's token, kept in the database. */
  readonly browserToken: BrowserTokenStore;
  readonly setup: SetupService;
  /** Will it fit, before it runs: plans for the SutazAI project's starts, pulls, loads and limits. */
  readonly planner: PlannerService;
  /** The planner of a managed project's starts (the SutazAI project's is `planner`). */
  plannerFor(project: ManagedProject): PlannerService;
  /** A managed project deployed to a Docker Swarm as a stack (`sutazai swarm`, the `swarm:*` API). */
  swarmFor(project: ManagedProject): SwarmService;
  /** Snapshots of the stack (back up, restore, clone, schedule). */
  readonly snapshots: SnapshotService;
  /** The MCP servers the user added, supervised; the chat's tools. */
  readonly mcp: McpManager;
  /** Starts supervision of every project, the memory guard, the metrics collector, the MCP servers and the snapshot schedule (hosts that keep running call this). */
  startSupervision(): void;
  readonly router: Router;
  info: AppInfo;
  /** Stops everything that was started and releases what was built (timers, streams, files, the database). */
  dispose(): void;
}
