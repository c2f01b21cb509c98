import { Suspense } from 'react';
import { ConnectionBanner } from './components/ConnectionBanner';
import { NavBar } from './components/NavBar';
import { AlertToasts } from './components/AlertToasts';
import { ShortcutHelp } from './components/ShortcutHelp';
import { ChatWindowView, pages, welcomePage } from './pages/page-list';
import { useRoute } from './routes';
import { useFirstRunRedirect } from './pages/welcome/use-first-run-redirect';
import { openChatWindow } from './shortcuts/open-chat-window';
import { useShortcuts } from './shortcuts/use-shortcuts';
import { useUiStore } from './stores/ui-store';
import { useThemeSync } from './theme/use-theme-sync';

export function App() {
  const route = useRoute();
  const helpOpen = useUiStore((s) => s.shortcutHelp);
  const setHelp = useUiStore((s) => s.setShortcutHelp);
  useThemeSync();
  useFirstRunRedirect(route);
  useShortcuts((action) => {
    if (action.type === 'page') window.location.hash = `#/${action.id}`;
    else if (action.type === 'help') setHelp(!helpOpen);
    else if (action.type === 'close') setHelp(false);
    else openChatWindow();
  });
  // The small chat window (and its browser route): the chat alone, without the navigation.
  if (route === 'chat-window') {
    return (
      <Suspense fallback={<div className="muted">Loading…</div>}>
        <ChatWindowView />
      </Suspense>
    );
  }
  const page = route === welcomePage.id ? welcomePage : (pages.find((p) => p.id === route) ?? pages[0]!);
  return (
    <div className="app">
      <NavBar pages={pages} current={page.id} />
      <main className="content">
        <ConnectionBanner />
        <Suspense fallback={<div className="muted page-loading">Loading {page.title}…</div>}>{page.render()}</Suspense>
      </main>
      <AlertToasts />
      {helpOpen && <ShortcutHelp pages={pages} onClose={() => setHelp(false)} />}
    </div>
  );
}
