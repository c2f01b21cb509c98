import type { FeatureHandlers } from '../rpc';
import type { StackService } from './stack-service';

export function createStackHandlers(stack: StackService): FeatureHandlers<'stack'> {
  return {
    'stack:profiles': () => stack.profiles(),
    'stack:config': ({ profile }) => stack.config(profile),
    'stack:ps': () => stack.ps(),
    'stack:up': ({ profile, wait }) => stack.up(profile, wait ?? false),
    'stack:down': ({ profile, volumes }) => stack.down(profile, volumes ?? false),
    'stack:serviceAction': ({ service, action }) => stack.serviceAction(service, action),
    'stack:progress': (_input, emit) => stack.onProgress(emit),
    'stack:services': (_input, emit) => stack.watchServices(emit),
  };
}
