export { Supervisor, type SupervisorOptions } from './supervisor';
export { DEFAULT_RESTART_POLICY, RestartRecord, restartDelay, type RestartPolicy } from './restart-policy';
export { EngineEventFollower, type ContainerEvent } from './engine-events';
