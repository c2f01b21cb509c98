import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OllamaStatus } from '../../../../src-shared/api';
import { useApi } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { usePulls } from '../models/use-models';
import { PullProgress } from '../models/PullProgress';

/** What the chat shows when no model can answer: what is missing, and the one-click fix. */
export function OllamaNotice({ status }: { status: OllamaStatus }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () =>
    queryClient
      .invalidateQueries({ queryKey: ['models:status'] })
      .then(() => queryClient.invalidateQueries({ queryKey: ['chat:providers'] }));
  const start = useMutation({
    mutationFn: () => api.call('stack:up', { profile: status.fix.profile, wait: true }),
    onSettled: refresh,
  });
  const pull = useMutation({ mutationFn: () => api.call('models:pull', { model: status.fix.model }) });
  const pulls = usePulls();
  const pulling = pulls.find((p) => p.model === status.fix.model);
  return (
    <section className="card ollama-notice" data-testid="ollama-notice" aria-label="No model answers">
      {status.reachable ? (
        <>
          <h2>Ollama has no model yet</h2>
          <p>
            Ollama answers at <span className="mono">{status.url}</span> but holds no model, so there is nothing to chat
            with.
          </p>
        </>
      ) : (
        <>
          <h2>Ollama is not running</h2>
          <p>
            Nothing answers at <span className="mono">{status.url}</span> ({sourceText(status.source)}). No reply can be
            produced until a model runs.
          </p>
        </>
      )}
      <div className="fix">
        <div>How to fix, in one click:</div>
        <div className="actions">
          {!status.reachable && (
            <button type="button" onClick={() => start.mutate()} disabled={start.isPending}>
              {start.isPending ? 'Starting…' : `Start the ${status.fix.profile} profile`}
            </button>
          )}
          <button
            type="button"
            onClick={() => pull.mutate()}
            disabled={!status.reachable || pull.isPending || pulling?.status === 'running'}
          >
            Pull TinyLlama ({status.fix.modelSize})
          </button>
        </div>
        <div className="muted">
          Or from a terminal: <code>{status.fix.command}</code> then <code>ollama pull {status.fix.model}</code>
        </div>
      </div>
      {start.error && <ErrorNote error={start.error} />}
      {start.data && !start.data.ok && (
        <ErrorNote error={new Error(start.data.error ?? 'The profile did not start.')} />
      )}
      {pull.error && <ErrorNote error={pull.error} />}
      {pulling && <PullProgress pull={pulling} onDone={refresh} />}
    </section>
  );
}

function sourceText(source: OllamaStatus['source']): string {
  return {
    flag: 'given with --ollama-url',
    settings: 'the saved Ollama URL',
    env: 'from OLLAMA_HOST',
    stack: "the stack's ollama service",
    default: 'the default port',
  }[source];
}
