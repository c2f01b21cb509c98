import { Suspense } from 'react';
import { ConnectionBanner } from './components/ConnectionBanner';
import { NavBar } from './components/NavBar';
import { AlertToasts } from './components/AlertToasts';
import { ChatWindowView, pages } from './pages/page-list';
import { useRoute } from './routes';

export function App() {
  const route = useRoute();
  // The small chat window (and its browser route): the chat alone, without the navigation.
  if (route === 'chat-window') {
    return (
      <Suspense fallback={<div className="muted">Loading…</div>}>
        <ChatWindowView />
      </Suspense>
    );
  }
  const page = pages.find((p) => p.id === route) ?? pages[0]!;
  return (
    <div className="app">
      <NavBar pages={pages} current={page.id} />
      <main className="content">
        <ConnectionBanner />
        <Suspense fallback={<div className="muted page-loading">Loading {page.title}…</div>}>{page.render()}</Suspense>
      </main>
      <AlertToasts />
    </div>
  );
}
