import { create } from 'zustand';

/** How far back the Logs view starts, in seconds; 0 means the whole log. */
export type SinceChoice = 300 | 3600 | 86_400 | 0;

interface LogsView {
  services: string[];
  follow: boolean;
  since: SinceChoice;
  tail: number;
  timestamps: boolean;
  set: (patch: Partial<Omit<LogsView, 'set' | 'toggleService'>>) => void;
  toggleService: (service: string) => void;
}

/** The Logs view's choices: UI state only; the lines themselves live in the terminal. */
export const useLogsView = create<LogsView>((set) => ({
  services: [],
  follow: true,
  since: 300,
  tail: 500,
  timestamps: false,
  set: (patch) => set(patch),
  toggleService: (service) =>
    set((s) => ({
      services: s.services.includes(service) ? s.services.filter((x) => x !== service) : [...s.services, service],
    })),
}));
