export * from './contract';
export * from './define';
export * from './errors';
export * from './wire';
export type { SutazaiBridge } from './bridge';
export type { EngineStatus } from './features/engine';
export type { HostProfile, HostSample } from './features/host';
export type { AppInfo } from './features/system';
