import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { BrowserToken, SettingsView } from '../../../../src-shared/api';
import { useApi, useApiQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';

/** The data folder and its size, the browser-mode token (shown or regenerated on request), the first run. */
export function DataSettings({ view }: { view: SettingsView }) {
  const api = useApi();
  const folder = useApiQuery('settings:dataFolder', {});
  const [token, setToken] = useState<BrowserToken | undefined>();
  const show = useMutation({ mutationFn: () => api.call('settings:browserToken', {}), onSuccess: setToken });
  const regenerate = useMutation({
    mutationFn: () => api.call('settings:regenerateToken', { confirm: true }),
    onSuccess: (t) => {
      setToken(t);
      // This page's own session cookie holds the old token: open the page again with the new one.
      if (view.mode === 'browser')
        window.location.replace(`${window.location.pathname}?token=${encodeURIComponent(t.token)}#/settings`);
    },
  });
  const rerun = useMutation({
    mutationFn: () => api.call('setup:reset', {}),
    onSuccess: () => (window.location.hash = '#/welcome'),
  });
  return (
    <section className="card" aria-label="Data">
      <h2>Data and access</h2>
      <dl className="facts">
        <dt>Data folder</dt>
        <dd className="mono" data-testid="data-folder">
          {folder.data?.path ?? '…'}
        </dd>
        <dt>Size</dt>
        <dd data-testid="data-folder-size">
          {folder.data ? `${formatBytes(folder.data.bytes)} in ${folder.data.files} files` : '…'}
        </dd>
      </dl>
      {folder.error && <ErrorNote error={folder.error} />}
      <h3>Browser-mode token</h3>
      <p className="muted">
        {view.mode === 'browser' ? 'This page was opened with it.' : 'Used by `sutazai serve` with this data folder.'}{' '}
        Anyone who has it can control the stack.
      </p>
      {token ? (
        <div className="token">
          <span className="mono" data-testid="browser-token">
            {token.token}
          </span>
          {token.source === 'environment' && <span className="muted"> (from SUTAZAI_TOKEN)</span>}
          <button type="button" onClick={() => setToken(undefined)}>
            Hide
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => show.mutate()} disabled={show.isPending}>
          Show token
        </button>
      )}{' '}
      <button
        type="button"
        onClick={() => {
          if (window.confirm('Regenerate the token? Addresses and bookmarks with the old token stop working.'))
            regenerate.mutate();
        }}
        disabled={regenerate.isPending}
      >
        Regenerate token
      </button>
      {(show.error ?? regenerate.error) && <ErrorNote error={(show.error ?? regenerate.error)!} />}
      <h3>First run</h3>
      <button type="button" onClick={() => rerun.mutate()}>
        Run the first-run guide again
      </button>
    </section>
  );
}
