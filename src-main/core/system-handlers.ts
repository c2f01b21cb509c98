import type { AppInfo } from '../../src-shared/api';
import type { FeatureHandlers } from '../rpc/handlers';

export function createSystemHandlers(info: AppInfo): FeatureHandlers<'system'> {
  return {
    'system:info': () => info,
  };
}
