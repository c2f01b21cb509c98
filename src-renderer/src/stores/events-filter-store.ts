import { create } from 'zustand';

interface EventsFilter {
  text: string;
  severity: '' | 'info' | 'warning' | 'critical';
  service: string;
  /** '' for every project; a project's events and the machine-wide ones (the guard's warnings) otherwise. */
  project: string;
  set: (patch: Partial<Omit<EventsFilter, 'set'>>) => void;
}

/** The Events page's filter: UI state only. */
export const useEventsFilter = create<EventsFilter>((set) => ({
  text: '',
  severity: '',
  service: '',
  project: '',
  set: (patch) => set(patch),
}));
