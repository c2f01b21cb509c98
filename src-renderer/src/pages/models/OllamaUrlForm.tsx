import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { OllamaStatus } from '../../../../src-shared/api';
import { useApi } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';

/** Saves the Ollama URL in settings (used unless --ollama-url was given), or clears it. */
export function OllamaUrlForm({ status }: { status: OllamaStatus }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const save = useMutation({
    mutationFn: (value: string | null) => api.call('models:setUrl', { url: value }),
    onSuccess: (next) => {
      queryClient.setQueryData(['models:status', {}], next);
      void queryClient.invalidateQueries({ queryKey: ['models:list'] });
      void queryClient.invalidateQueries({ queryKey: ['chat:providers'] });
    },
  });
  return (
    <form
      className="actions"
      onSubmit={(e) => {
        e.preventDefault();
        if (url.trim()) save.mutate(url.trim());
      }}
    >
      <input aria-label="Ollama URL" placeholder={status.url} value={url} onChange={(e) => setUrl(e.target.value)} />
      <button type="submit" disabled={!url.trim()}>
        Use this URL
      </button>
      {status.source === 'settings' && (
        <button type="button" onClick={() => save.mutate(null)}>
          Forget the saved URL
        </button>
      )}
      {status.source === 'flag' && <span className="muted">--ollama-url comes first while the app runs with it</span>}
      {save.error && <ErrorNote error={save.error} />}
    </form>
  );
}
