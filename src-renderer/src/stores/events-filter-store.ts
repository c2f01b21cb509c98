import { create } from 'zustand';

interface EventsFilter {
  text: string;
  severity: '' | 'info' | 'warning' | 'critical';
  service: string;
  set: (patch: Partial<Omit<EventsFilter, 'set'>>) => void;
}

/** The Events page's filter: UI state only. */
export const useEventsFilter = create<EventsFilter>((set) => ({
  text: '',
  severity: '',
  service: '',
  set: (patch) => set(patch),
}));
