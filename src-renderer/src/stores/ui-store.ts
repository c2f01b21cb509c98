import { create } from 'zustand';

export type ChartWindow = 60 | 300 | 600;

/** UI state only (what is selected or open); server data lives in react-query. */
interface UiState {
  chartWindowSeconds: ChartWindow;
  setChartWindow: (seconds: ChartWindow) => void;
  shortcutHelp: boolean;
  setShortcutHelp: (open: boolean) => void;
}

export const useUiStore = create<UiState>((set) => ({
  chartWindowSeconds: 300,
  setChartWindow: (seconds) => set({ chartWindowSeconds: seconds }),
  shortcutHelp: false,
  setShortcutHelp: (open) => set({ shortcutHelp: open }),
}));
