export {
  MemoryGuard,
  DEFAULT_THRESHOLDS,
  pickVictim,
  intervalFor,
  type GuardOptions,
  type GuardThresholds,
} from './memory-guard';
export { createGuardHandlers, type SupervisedProjects } from './guard-handlers';
