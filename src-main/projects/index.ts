export { ManagedProject, type ManagedProjectOptions } from './managed-project';
export { ProjectRegistry, type ProjectRegistryOptions } from './project-registry';
export { ProjectRepository, type ProjectRecord } from './project-repository';
export {
  checkProjectFolder,
  composeProjectsIn,
  type ProjectFolder,
  type RunningComposeProject,
} from './project-folder';
export { createProjectsHandlers } from './projects-handlers';
export { listFolder } from './folder-listing';
