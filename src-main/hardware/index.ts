export { HardwareService, type HardwareServiceOptions } from './hardware-service';
export { createHardwareHandlers } from './hardware-handlers';
export { probeGpus } from './gpu-probe';
export {
  estimateModelMemory,
  architectureFromModelInfo,
  type ModelFacts,
  type ModelArchitecture,
} from './model-memory';
export { fitModel } from './model-fit';
export { profileFits, headroomFor } from './profile-fit';
export { scaleLimits } from './limit-scaling';
export { buildRecommendations } from './recommendations';
export { ComposeOverride } from './compose-override';
export { PrunePlanner } from './prune-planner';
export { summarizeDf, engineDiskUsage } from './engine-disk';
