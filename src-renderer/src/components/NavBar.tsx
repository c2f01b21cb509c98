import type { ReactNode } from 'react';

export interface Page {
  id: string;
  title: string;
  render: () => ReactNode;
}

export function NavBar({ pages, current }: { pages: Page[]; current: string }) {
  return (
    <nav className="nav" aria-label="Main">
      <div className="brand">
        SutazAI<span>Control Center</span>
      </div>
      {pages.map((p) => (
        <a
          key={p.id}
          href={`#/${p.id}`}
          className={p.id === current ? 'active' : undefined}
          aria-current={p.id === current ? 'page' : undefined}
        >
          {p.title}
        </a>
      ))}
    </nav>
  );
}
