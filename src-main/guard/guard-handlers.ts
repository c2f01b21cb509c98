import type { FeatureHandlers } from '../rpc';
import type { SettingsRepository } from '../store';
import type { Supervisor } from '../supervisor';
import type { MemoryGuard } from './memory-guard';

/** The managed projects as supervision sees them: each project's own supervisor. */
export interface SupervisedProjects {
  /** The project named, else the SutazAI stack; an unknown name is an error that lists the known ones. */
  get(name?: string): { name: string; supervisor: Supervisor };
  list(): { name: string; supervisor: Supervisor }[];
}

export function createGuardHandlers(
  guard: MemoryGuard,
  projects: SupervisedProjects,
  settings: SettingsRepository,
): FeatureHandlers<'guard' | 'supervisor'> {
  return {
    'guard:status': () => guard.status() ?? null,
    'guard:watch': (_input, emit) => guard.subscribe(emit),
    'guard:configure': async ({ budgetBytes, dryRun }) => {
      guard.configure({
        ...(budgetBytes !== undefined ? { budgetBytes } : {}),
        ...(dryRun !== undefined ? { dryRun } : {}),
      });
      if (budgetBytes !== undefined) settings.set('guard.budgetBytes', budgetBytes);
      if (dryRun !== undefined) settings.set('guard.dryRun', dryRun);
      return guard.tick();
    },
    'guard:startAgain': ({ project, service }) => guard.startAgain(projects.get(project).name, service),
    'supervisor:status': ({ project }) => {
      const chosen = project ? [projects.get(project)] : projects.list();
      return {
        engineConnected: chosen.every((p) => p.supervisor.engineConnected),
        services: chosen.flatMap((p) => p.supervisor.status()),
      };
    },
    'supervisor:retry': ({ project, service }) => projects.get(project).supervisor.retry(service),
  };
}
