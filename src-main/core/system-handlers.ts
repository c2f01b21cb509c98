import type { AppInfo, HomeAccess } from '../../src-shared/api';
import type { FeatureHandlers } from '../rpc';

/** `system:info`: the app's fixed facts, and the app home's access checked anew on each call. */
export function createSystemHandlers(
  info: AppInfo,
  checkHome: () => HomeAccess | undefined = () => undefined,
): FeatureHandlers<'system'> {
  return {
    'system:info': () => {
      const homeAccess = checkHome();
      return homeAccess ? { ...info, homeAccess } : info;
    },
  };
}
