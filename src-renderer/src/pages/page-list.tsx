import { lazy, type ComponentType } from 'react';
import type { Page } from '../components/NavBar';
import { OverviewPage } from './overview/OverviewPage';

/** Loads a page's module only when it is first shown, so the first view fetches just its own code. */
function lazyPage<M>(load: () => Promise<M>, pick: (m: M) => ComponentType) {
  const Component = lazy(async () => ({ default: pick(await load()) }));
  return () => <Component />;
}

export const pages: Page[] = [
  // The first view: in the main chunk, so it renders without waiting for a second fetch (its chart is split off).
  { id: 'overview', title: 'Overview', render: () => <OverviewPage /> },
  {
    id: 'stack',
    title: 'Stack',
    render: lazyPage(
      () => import('./stack/StackPage'),
      (m) => m.StackPage,
    ),
  },
  {
    id: 'logs',
    title: 'Logs',
    render: lazyPage(
      () => import('./logs/LogsPage'),
      (m) => m.LogsPage,
    ),
  },
  {
    id: 'chat',
    title: 'Chat',
    render: lazyPage(
      () => import('./chat/ChatPage'),
      (m) => m.ChatPage,
    ),
  },
  {
    id: 'mcp',
    title: 'MCP',
    render: lazyPage(
      () => import('./mcp/McpPage'),
      (m) => m.McpPage,
    ),
  },
  {
    id: 'models',
    title: 'Models',
    render: lazyPage(
      () => import('./models/ModelsPage'),
      (m) => m.ModelsPage,
    ),
  },
  {
    id: 'agents',
    title: 'Agents',
    render: lazyPage(
      () => import('./agents/AgentsPage'),
      (m) => m.AgentsPage,
    ),
  },
  {
    id: 'events',
    title: 'Events',
    render: lazyPage(
      () => import('./events/EventsPage'),
      (m) => m.EventsPage,
    ),
  },
  {
    id: 'metrics',
    title: 'Metrics',
    render: lazyPage(
      () => import('./metrics/MetricsPage'),
      (m) => m.MetricsPage,
    ),
  },
  {
    id: 'hardware',
    title: 'Hardware',
    render: lazyPage(
      () => import('./hardware/HardwarePage'),
      (m) => m.HardwarePage,
    ),
  },
  {
    id: 'snapshots',
    title: 'Snapshots',
    render: lazyPage(
      () => import('./snapshots/SnapshotsPage'),
      (m) => m.SnapshotsPage,
    ),
  },
  {
    id: 'engines',
    title: 'Engines',
    render: lazyPage(
      () => import('./engines/EnginesPage'),
      (m) => m.EnginesPage,
    ),
  },
  {
    id: 'settings',
    title: 'Settings',
    render: lazyPage(
      () => import('./settings/SettingsPage'),
      (m) => m.SettingsPage,
    ),
  },
];

/** The first run (#/welcome), outside the navigation. */
export const welcomePage: Page = {
  id: 'welcome',
  title: 'Welcome',
  render: lazyPage(
    () => import('./welcome/WelcomePage'),
    (m) => m.WelcomePage,
  ),
};

/** The small chat window's view (#/chat-window), without the navigation. */
export const ChatWindowView = lazyPage(
  () => import('./chat/ChatWindowPage'),
  (m) => m.ChatWindowPage,
);
