import type { FeatureHandlers } from '../rpc';
import type { StackService } from './stack-service';

/** `profiles` wins over `profile`; neither means the profile-less services. */
const chosen = (input: { profile?: string | undefined; profiles?: string[] | undefined }): string[] =>
  input.profiles ?? (input.profile ? [input.profile] : []);

/** The stack procedures, each on the managed project it names (`stackOf(undefined)`: the SutazAI stack). */
export function createStackHandlers(stackOf: (project?: string) => StackService): FeatureHandlers<'stack'> {
  return {
    'stack:profiles': ({ project }) => stackOf(project).profiles(),
    'stack:config': (input) => stackOf(input.project).config(chosen(input)),
    'stack:ps': ({ project }) => stackOf(project).ps(),
    'stack:up': (input) =>
      stackOf(input.project).up(chosen(input), input.wait ?? false, { build: input.build ?? false }),
    'stack:down': (input) =>
      stackOf(input.project).down(input.profile || input.profiles ? chosen(input) : undefined, input.volumes ?? false),
    'stack:risks': ({ project, profiles }) => stackOf(project).risks(profiles),
    'stack:acknowledge': ({ project, items }) => stackOf(project).acknowledge(items),
    'stack:serviceAction': ({ project, service, action }) => stackOf(project).serviceAction(service, action),
    'stack:progress': ({ project }, emit) => stackOf(project).onProgress(emit),
    'stack:services': ({ project }, emit) => stackOf(project).watchServices(emit),
  };
}
