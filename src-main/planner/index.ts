export { PlannerService } from './planner-service';
export {
  localHost,
  type PlannerHost,
  type PlannerOptions,
  type GuardView,
  type OllamaView,
  type HardwareView,
} from './planner-deps';
export { UsageHistory, type UsageHistoryOptions } from './usage-history';
export { memoryOutcome, oomOrder, type Member, type MemoryState, type MemoryChange } from './memory-outcome';
export { placeModel, type GpuRoom } from './model-place';
export { fetchRegistryModel, manifestAddress, type RegistryModel } from './ollama-registry';
export { sizeLimit, sizingId } from './limit-sizing';
export { describeAction, planLines, summarize } from './plan-text';
export { createPlannerHandlers } from './planner-handlers';
