import { ConnectionBanner } from './components/ConnectionBanner';
import { NavBar, type Page } from './components/NavBar';
import { OverviewPage } from './pages/overview/OverviewPage';
import { StackPage } from './pages/stack/StackPage';
import { useRoute } from './routes';

const pages: Page[] = [
  { id: 'overview', title: 'Overview', render: () => <OverviewPage /> },
  { id: 'stack', title: 'Stack', render: () => <StackPage /> },
];

export function App() {
  const route = useRoute();
  const page = pages.find((p) => p.id === route) ?? pages[0]!;
  return (
    <div className="app">
      <NavBar pages={pages} current={page.id} />
      <main className="content">
        <ConnectionBanner />
        {page.render()}
      </main>
    </div>
  );
}
