export { SwarmService, type SwarmServiceOptions } from './swarm-service';
export { createSwarmHandlers } from './swarm-handlers';
export { swarmServiceSpec, placementConstraints, PLACEMENT_LABEL, STACK_NAMESPACE } from './swarm-service-spec';
export { managerState } from './swarm-inventory';
