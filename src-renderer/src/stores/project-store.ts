import { create } from 'zustand';

interface ProjectChoice {
  /** The managed project the pages show; undefined: the SutazAI stack. */
  project: string | undefined;
  setProject: (project: string | undefined) => void;
}

/** Which managed project the Stack, Logs, Events and Metrics pages show: UI state only, shared by the pages. */
export const useProjectChoice = create<ProjectChoice>((set) => ({
  project: undefined,
  setProject: (project) => set({ project }),
}));

/** The `project` field of a call for the chosen project (none for the SutazAI stack). */
export function projectInput(project: string | undefined): { project?: string } {
  return project ? { project } : {};
}
