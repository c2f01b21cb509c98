export { serve, type RunningServer, type ServeOptions } from './serve';
export { DEFAULT_LIMITS, type ServerLimits } from './server-limits';
