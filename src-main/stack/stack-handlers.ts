import type { FeatureHandlers } from '../rpc';
import type { StackService } from './stack-service';

/** `profiles` wins over `profile`; neither means the profile-less services. */
const chosen = (input: { profile?: string | undefined; profiles?: string[] | undefined }): string[] =>
  input.profiles ?? (input.profile ? [input.profile] : []);

export function createStackHandlers(stack: StackService): FeatureHandlers<'stack'> {
  return {
    'stack:profiles': () => stack.profiles(),
    'stack:config': (input) => stack.config(chosen(input)),
    'stack:ps': () => stack.ps(),
    'stack:up': (input) => stack.up(chosen(input), input.wait ?? false, { build: input.build ?? false }),
    'stack:down': (input) =>
      stack.down(input.profile || input.profiles ? chosen(input) : undefined, input.volumes ?? false),
    'stack:risks': ({ profiles }) => stack.risks(profiles),
    'stack:acknowledge': ({ items }) => stack.acknowledge(items),
    'stack:serviceAction': ({ service, action }) => stack.serviceAction(service, action),
    'stack:progress': (_input, emit) => stack.onProgress(emit),
    'stack:services': (_input, emit) => stack.watchServices(emit),
  };
}
