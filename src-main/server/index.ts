export { serve, type RunningServer, type ServeOptions } from './serve';
export { DEFAULT_LIMITS, type ServerLimits } from './server-limits';
export { DEFAULT_STACK_PORT, type StackEndpoint } from './stack-endpoint';
