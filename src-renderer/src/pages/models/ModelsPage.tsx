import { useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { PlanDialog } from '../../components/plan/PlanDialog';
import { usePlanFirst } from '../../components/plan/use-plan-first';
import { formatBytes } from '../../components/format';
import { OllamaNotice } from '../chat/OllamaNotice';
import { useOllamaStatus } from '../chat/use-chat';
import { ModelGaps } from './ModelGaps';
import { OllamaUrlForm } from './OllamaUrlForm';
import { PullProgress } from './PullProgress';
import { useInstalledModels, useModelActions, usePulls } from './use-models';
import '../chat/chat.css';

export function ModelsPage() {
  const status = useOllamaStatus();
  const reachable = status.data?.reachable ?? false;
  const models = useInstalledModels(reachable);
  const pulls = usePulls();
  const { pull, load, cancel, remove, refresh } = useModelActions();
  const planFirst = usePlanFirst();
  const [name, setName] = useState('');
  const [confirming, setConfirming] = useState<string | undefined>();
  return (
    <div className="page models">
      <h1>Models</h1>
      {status.data && (
        <p className="muted">
          Ollama {status.data.reachable ? `${status.data.version ?? ''} at` : 'expected at'}{' '}
          <span className="mono">{status.data.url}</span>
        </p>
      )}
      {status.data && <OllamaUrlForm status={status.data} />}
      {status.data && !status.data.reachable && <OllamaNotice status={status.data} />}
      <section className="card" aria-label="Pull a model">
        <h2>Pull a model</h2>
        <form
          className="actions"
          onSubmit={(e) => {
            e.preventDefault();
            const model = name.trim();
            if (model) planFirst.run({ kind: 'pull-model', model }, (override) => pull.mutate({ model, override }));
          }}
        >
          <input
            aria-label="Model name"
            placeholder="e.g. tinyllama or llama3.2:1b"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" disabled={!reachable || !name.trim() || planFirst.busy}>
            Pull
          </button>
        </form>
        {pull.error && <ErrorNote error={pull.error} />}
        {planFirst.plan && <PlanDialog plan={planFirst.plan} onChoose={planFirst.choose} onCancel={planFirst.cancel} />}
        {planFirst.error && <ErrorNote error={planFirst.error} />}
        {pulls.map((p) => (
          <PullProgress key={p.model} pull={p} onCancel={() => cancel.mutate(p.model)} onDone={refresh} />
        ))}
      </section>
      <section className="card" aria-label="Installed models">
        <h2>Installed</h2>
        {models.error && <ErrorNote error={models.error} />}
        {remove.error && <ErrorNote error={remove.error} />}
        {load.error && <ErrorNote error={load.error} />}
        {models.data && <ModelGaps models={models.data} />}
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Size</th>
              <th>Family</th>
              <th>Parameters</th>
              <th>Quantization</th>
              <th>Loaded</th>
              <th>Fits this machine</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {models.data?.map((m) => (
              <tr key={m.name} data-testid="model-row">
                <td>{m.name}</td>
                <td>{formatBytes(m.sizeBytes)}</td>
                <td>{m.family}</td>
                <td>{m.parameterSize}</td>
                <td>{m.quantization}</td>
                <td data-testid="model-loaded">
                  {m.loaded === undefined ? (
                    <span className="muted">unknown</span>
                  ) : m.loaded ? (
                    <span className="pill ok">loaded</span>
                  ) : (
                    <span className="muted">no</span>
                  )}
                </td>
                <td data-testid="model-fit">
                  {m.fit ? (
                    <span className={`pill ${m.fit.fits ? 'ok' : 'warn'}`}>{m.fit.note}</span>
                  ) : (
                    <span className="muted">–</span>
                  )}
                  {m.fit && !m.fit.fits && (
                    <span className="muted">
                      {' '}
                      advisory: <a href="#/chat">use anyway</a>
                    </span>
                  )}
                </td>
                <td className="row-actions">
                  {m.loaded === false && (
                    <button
                      type="button"
                      disabled={planFirst.busy || (load.isPending && load.variables?.model === m.name)}
                      onClick={() =>
                        planFirst.run({ kind: 'load-model', model: m.name }, (override) =>
                          load.mutate({ model: m.name, override }),
                        )
                      }
                    >
                      {load.isPending && load.variables?.model === m.name ? 'Loading…' : 'Load'}
                    </button>
                  )}
                  {confirming === m.name ? (
                    <>
                      <span>Delete {m.name} from Ollama?</span>
                      <button type="button" onClick={() => (remove.mutate(m.name), setConfirming(undefined))}>
                        Delete
                      </button>
                      <button type="button" onClick={() => setConfirming(undefined)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <button type="button" onClick={() => setConfirming(m.name)}>
                      Delete…
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {models.data?.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  No model installed. Pull one above (tinyllama is 637 MB).
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
    </div>
  );
}
