import { create } from 'zustand';
import type { MetricsRange } from '../../../src-shared/api/features/metrics';

/** UI state of the Metrics page: the chosen time range. */
interface MetricsViewState {
  range: MetricsRange;
  setRange: (range: MetricsRange) => void;
}

export const useMetricsViewStore = create<MetricsViewState>((set) => ({
  range: '5m',
  setRange: (range) => set({ range }),
}));
