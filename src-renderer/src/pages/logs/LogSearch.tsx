import type { ISearchOptions, SearchAddon } from '@xterm/addon-search';
import { useEffect, useState } from 'react';

const OPTIONS: ISearchOptions = {
  caseSensitive: false,
  decorations: {
    matchBackground: '#5a4a12',
    matchOverviewRuler: '#d29922',
    activeMatchBackground: '#1f6feb',
    activeMatchColorOverviewRuler: '#4fb3ff',
  },
};

type Result = { index: number; count: number } | 'none' | null;

/** Search in what the terminal holds (scrollback included): next, previous, highlights, "No match". */
export function LogSearch({ search }: { search: SearchAddon | undefined }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<Result>(null);

  useEffect(() => {
    if (!search) return undefined;
    const sub = search.onDidChangeResults((e) =>
      setResult(e.resultCount === 0 ? 'none' : { index: e.resultIndex, count: e.resultCount }),
    );
    return () => sub.dispose();
  }, [search]);

  const find = (direction: 'next' | 'previous', term = text, incremental = false): void => {
    if (!search) return;
    if (!term) {
      search.clearDecorations();
      setResult(null);
      return;
    }
    const found =
      direction === 'next' ? search.findNext(term, { ...OPTIONS, incremental }) : search.findPrevious(term, OPTIONS);
    if (!found) setResult('none');
  };

  return (
    <div className="log-search" role="search" aria-label="Search the log">
      <input
        type="search"
        aria-label="Search the log"
        placeholder="Search"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          find('next', e.target.value, true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') find(e.shiftKey ? 'previous' : 'next');
          if (e.key === 'Escape') {
            setText('');
            find('next', '');
          }
        }}
      />
      <button type="button" onClick={() => find('previous')} disabled={!text} aria-label="Previous match">
        ↑
      </button>
      <button type="button" onClick={() => find('next')} disabled={!text} aria-label="Next match">
        ↓
      </button>
      <span className="muted search-result" aria-live="polite" data-testid="search-result">
        {result === 'none'
          ? 'No match'
          : result
            ? result.index >= 0
              ? `${result.index + 1} of ${result.count}`
              : `${result.count} matches`
            : ''}
      </span>
    </div>
  );
}
