import { useSyncExternalStore } from 'react';

/** Hash routes work the same from file:// (desktop) and http:// (browser mode). */
export function useRoute(): string {
  return useSyncExternalStore(
    (cb) => {
      window.addEventListener('hashchange', cb);
      return () => window.removeEventListener('hashchange', cb);
    },
    () => window.location.hash.replace(/^#\/?/, '').split('?')[0] || 'overview',
  );
}
