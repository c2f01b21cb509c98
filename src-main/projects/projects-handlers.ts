import type { FeatureHandlers } from '../rpc';
import { listFolder } from './folder-listing';
import type { ProjectRegistry } from './project-registry';

export function createProjectsHandlers(projects: ProjectRegistry): FeatureHandlers<'projects'> {
  return {
    'projects:list': () => projects.summaries(),
    'projects:add': (input) => projects.add(input),
    'projects:remove': ({ name, down, volumes }) =>
      projects.remove(name, { ...(down ? { down } : {}), ...(volumes ? { volumes } : {}) }),
    'projects:configure': ({ name, defaultTier }) => projects.setDefaultTier(name, defaultTier),
    'projects:browse': ({ dir }) => listFolder(dir),
    'projects:changed': (_input, emit) => projects.onDidChange(emit),
  };
}
