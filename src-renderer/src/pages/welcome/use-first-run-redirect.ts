import { useEffect, useRef } from 'react';
import { useApiQuery } from '../../api/hooks';

/** Opens the first run once per load while it has been neither finished nor skipped. */
export function useFirstRunRedirect(route: string): void {
  const state = useApiQuery('setup:state', {}, { staleTime: Infinity });
  const redirected = useRef(false);
  useEffect(() => {
    if (redirected.current || !state.data || state.data.done) return;
    redirected.current = true;
    if (route !== 'welcome' && route !== 'chat-window') window.location.hash = '#/welcome';
  }, [state.data, route]);
}
