export { Router, type Logger } from './router';
export { RpcConnection } from './connection';
export type {
  AllHandlers,
  CallContext,
  FeatureHandlers,
  HandlerFor,
  ProcedureHandler,
  StreamHandler,
} from './handlers';
