export * from './contract';
export * from './define';
export * from './errors';
export * from './wire';
export type { SutazaiBridge } from './bridge';
export type { EngineStatus } from './features/engine';
export { engineAddInput, type EngineAddInput, type EngineHostFigures, type EngineSummary } from './features/engines';
export type { HostProfile, HostSample } from './features/host';
export type { AppInfo, HomeAccess } from './features/system';
export type {
  DownReport,
  ProfileSummary,
  ProgressEvent,
  ProgressPhase,
  ServicePort,
  ServiceStatus,
  UpReport,
} from './features/stack';
export type {
  ComposeProject,
  ComposeWarning,
  DangerousSetting,
  ServiceRisk,
  ServiceSpec,
  Tier,
} from './features/stack-model';
export type {
  InstalledModel,
  LayerProgress,
  ModelGap,
  OllamaStatus,
  OllamaUrlSource,
  PullState,
} from './features/models';
export type {
  ChatEvent,
  ChatMessage,
  ChatProviderId,
  ChatStats,
  ChatToolCall,
  Conversation,
  ProviderInfo,
  ToolApprovalRequest,
} from './features/chat';
export type {
  McpCatalogEntry,
  McpLogLine,
  McpServerState,
  McpServerView,
  McpToolInfo,
  McpTransport,
} from './features/mcp';
export type { AppEvent, EventKind } from './features/events';
export type {
  AdoptedContainer,
  FolderListing,
  ProjectAdded,
  ProjectRemoved,
  ProjectSummary,
} from './features/projects';
export type { GuardMember, GuardStatus, ServiceSupervision } from './features/guard';
export type { AgentInfo, AgentPlatform, AgentReply } from './features/agents';
export type { AppSettings, BrowserToken, DataFolder, SettingsPatch, SettingsView, Theme } from './features/settings';
export type { SetupPlan, SetupSecrets, SetupState } from './features/setup';
export type {
  ArchiveEntry,
  CaptureMethod,
  CapturePlan,
  CloneReport,
  MethodChoice,
  RestorePlan,
  RestoreReport,
  ScheduleSettings,
  ScheduleView,
  SnapshotManifest,
  SnapshotProgress,
  SnapshotSummary,
  VerifyReport,
  VolumeEntry,
} from './features/snapshot-model';
export type { CaptureOptions, CreateOptions } from './features/snapshots';
export { isLoopbackHttpUrl } from './loopback';
