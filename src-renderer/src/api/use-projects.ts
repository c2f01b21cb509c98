import type { ProjectSummary } from '../../../src-shared/api';
import { useProjectChoice } from '../stores/project-store';
import { useApiQuery, useStreamIntoQuery } from './hooks';

/** The managed projects (the SutazAI stack first), kept current by the core's `projects:changed` stream. */
export function useProjects() {
  const query = useApiQuery('projects:list', {}, { staleTime: Infinity });
  useStreamIntoQuery('projects:changed', {}, 'projects:list', {}, (_current, list) => list);
  return query;
}

/** The chosen project's summary, falling back to the SutazAI stack when the choice is gone (removed elsewhere). */
export function useChosenProject(): { name: string | undefined; summary: ProjectSummary | undefined } {
  const { data } = useProjects();
  const chosen = useProjectChoice((s) => s.project);
  const summary = data?.find((p) => p.name === chosen) ?? data?.find((p) => p.kind === 'sutazai');
  return { name: summary?.kind === 'folder' ? summary.name : undefined, summary };
}
