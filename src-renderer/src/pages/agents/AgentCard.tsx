import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AgentInfo } from '../../../../src-shared/api';
import { queryKeyFor, useApi } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';

export function AgentCard({ agent }: { agent: AgentInfo }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [prompt, setPrompt] = useState('');
  const [target, setTarget] = useState(agent.prompt?.configured.target ?? '');
  const [key, setKey] = useState('');
  const send = useMutation({
    mutationFn: () => api.call('agents:send', { service: agent.service, prompt, ...(target ? { target } : {}) }),
  });
  const save = useMutation({
    mutationFn: () =>
      api.call('agents:configure', { service: agent.service, target: target || null, ...(key ? { apiKey: key } : {}) }),
    onSuccess: () => {
      setKey('');
      void queryClient.invalidateQueries({ queryKey: queryKeyFor('agents:list', {}) });
    },
  });
  const running = agent.state === 'running';
  return (
    <section className="card agent" aria-label={agent.service} data-testid={`agent-${agent.service}`}>
      <header className="card-header">
        <h2>{agent.service}</h2>
        <span className={`pill ${running ? (agent.health === 'unhealthy' ? 'bad' : 'ok') : 'bad'}`}>
          {agent.state}
          {agent.health !== 'none' ? ` · ${agent.health}` : ''}
        </span>
      </header>
      {agent.description && <div className="muted">{agent.description}</div>}
      {agent.ui && (
        <a href={agent.ui} target="_blank" rel="noreferrer">
          Open {agent.service}
        </a>
      )}
      {agent.prompt ? (
        <form
          className="agent-form"
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate();
          }}
        >
          <label>
            {agent.prompt.target}
            <input
              value={target}
              placeholder={agent.prompt.targetExample}
              onChange={(e) => setTarget(e.target.value)}
            />
          </label>
          {agent.prompt.needsKey && (
            <label>
              API key {agent.prompt.configured.hasKey ? '(saved)' : ''}
              <input type="password" value={key} autoComplete="off" onChange={(e) => setKey(e.target.value)} />
            </label>
          )}
          <button type="button" onClick={() => save.mutate()} disabled={save.isPending}>
            Save settings
          </button>
          <textarea
            aria-label={`Prompt for ${agent.service}`}
            value={prompt}
            rows={3}
            onChange={(e) => setPrompt(e.target.value)}
            placeholder="Ask this agent…"
          />
          <button type="submit" className="primary" disabled={!running || !prompt || send.isPending}>
            {send.isPending ? 'Waiting for the reply…' : 'Send'}
          </button>
        </form>
      ) : (
        <p className="muted">This platform has no prompt API the app can use; open its UI.</p>
      )}
      {send.data && (
        <div className="agent-reply" data-testid="agent-reply">
          {send.data.text}
          <div className="muted">
            HTTP {send.data.status} · {send.data.durationMs} ms
          </div>
        </div>
      )}
      {send.error && <ErrorNote error={send.error} />}
      {save.error && <ErrorNote error={save.error} />}
    </section>
  );
}
