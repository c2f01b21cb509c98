import type { FeatureHandlers } from '../rpc';
import type { SetupService } from './setup-service';

export function createSetupHandlers(setup: SetupService): FeatureHandlers<'setup'> {
  return {
    'setup:state': () => setup.state(),
    'setup:finish': ({ skipped }) => setup.finish(skipped),
    'setup:reset': () => setup.reset(),
    'setup:plan': () => setup.plan(),
    'setup:secrets': () => setup.secrets(),
    'setup:revealSecrets': () => setup.revealSecrets(),
  };
}
