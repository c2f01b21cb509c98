export { MemoryGuard, DEFAULT_THRESHOLDS, pickVictim, type GuardOptions, type GuardThresholds } from './memory-guard';
export { createGuardHandlers, type SupervisedProjects } from './guard-handlers';
export { intervalFor, SamplingSchedule, FAST_MS, AFTER_START_MS } from './sampling-schedule';
