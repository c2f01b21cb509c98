export { MemoryGuard, DEFAULT_THRESHOLDS, pickVictim, intervalFor, type GuardOptions, type GuardThresholds } from './memory-guard';
export { readHostMemory, readCgroupWorkingSet, statsWorkingSet, type HostMemory } from './memory-readers';
export { createGuardHandlers } from './guard-handlers';
