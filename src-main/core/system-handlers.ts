import type { AppInfo } from '../../src-shared/api';
import type { FeatureHandlers } from '../rpc';

export function createSystemHandlers(info: AppInfo): FeatureHandlers<'system'> {
  return {
    'system:info': () => info,
  };
}
