import { ConnectionBanner } from './components/ConnectionBanner';
import { NavBar, type Page } from './components/NavBar';
import { OverviewPage } from './pages/overview/OverviewPage';
import { StackPage } from './pages/stack/StackPage';
import { ChatPage } from './pages/chat/ChatPage';
import { ChatWindowPage } from './pages/chat/ChatWindowPage';
import { ModelsPage } from './pages/models/ModelsPage';
import { EventsPage } from './pages/events/EventsPage';
import { LogsPage } from './pages/logs/LogsPage';
import { AgentsPage } from './pages/agents/AgentsPage';
import { AlertToasts } from './components/AlertToasts';
import { MetricsPage } from './pages/metrics/MetricsPage';
import { HardwarePage } from './pages/hardware/HardwarePage';
import { useRoute } from './routes';

const pages: Page[] = [
  { id: 'overview', title: 'Overview', render: () => <OverviewPage /> },
  { id: 'stack', title: 'Stack', render: () => <StackPage /> },
  { id: 'logs', title: 'Logs', render: () => <LogsPage /> },
  { id: 'chat', title: 'Chat', render: () => <ChatPage /> },
  { id: 'models', title: 'Models', render: () => <ModelsPage /> },
  { id: 'agents', title: 'Agents', render: () => <AgentsPage /> },
  { id: 'events', title: 'Events', render: () => <EventsPage /> },
  { id: 'metrics', title: 'Metrics', render: () => <MetricsPage /> },
  { id: 'hardware', title: 'Hardware', render: () => <HardwarePage /> },
];

export function App() {
  const route = useRoute();
  // The small chat window (and its browser route): the chat alone, without the navigation.
  if (route === 'chat-window') return <ChatWindowPage />;
  const page = pages.find((p) => p.id === route) ?? pages[0]!;
  return (
    <div className="app">
      <NavBar pages={pages} current={page.id} />
      <main className="content">
        <ConnectionBanner />
        {page.render()}
      </main>
      <AlertToasts />
    </div>
  );
}
