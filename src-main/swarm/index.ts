export { SwarmService, type SwarmServiceOptions } from './swarm-service';
export { createSwarmHandlers } from './swarm-handlers';
export { swarmServiceSpec, placementConstraints, PLACEMENT_LABEL, STACK_NAMESPACE } from './swarm-service-spec';
export { managerState } from './swarm-inventory';
export { SwarmWatch, type SwarmWatchOptions } from './swarm-watch';
export { NODE_BUDGET_LABEL, SHED_LABELS } from './swarm-node-guard';
export { PROBE_SERVICE } from './swarm-node-probe';
