import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/hooks';
import { ClientError } from '../../api/client';
import { AckingWriter } from './acking-writer';
import type { LogSourceState } from '../../../../src-shared/api/features/logs';
import { logApi } from './log-api';
import type { PickableService } from './ServicePicker';
import type { LogTerminal } from './use-log-terminal';

export type FollowState = 'idle' | 'waiting' | 'streaming';

interface FollowChoices {
  project: string | undefined;
  services: string[];
  follow: boolean;
  since: number;
  tail: number;
  timestamps: boolean;
}

/** The services whose logs can be shown (the project's containers), refreshed every few seconds. */
export function useLogServices(project: string | undefined) {
  const api = useApi();
  const query = useQuery<Awaited<ReturnType<ReturnType<typeof logApi>['services']>>, ClientError>({
    queryKey: ['logs:services', project ? { project } : {}],
    queryFn: () => logApi(api, project).services(),
    refetchInterval: 5000,
  });
  const data: PickableService[] | undefined = query.data?.map((s) => ({
    name: s.service,
    running: s.state === 'running',
  }));
  return { ...query, data };
}

/**
 * Follows the chosen services into the terminal. Every batch is written with xterm's callback and
 * acked once parsed, so the core sends no faster than the page renders; Pause stops writing and
 * acking, which holds the producer at its high watermark. A new choice starts a fresh view.
 */
export function useLogFollow(terminal: LogTerminal | null, choices: FollowChoices) {
  const api = useApi();
  const [state, setState] = useState<FollowState>('idle');
  const [error, setError] = useState<ClientError | null>(null);
  // Only services that stopped or went away are listed; the rest are being read.
  const [sources, setSources] = useState<LogSourceState[]>([]);
  const writer = useRef<AckingWriter | null>(null);
  const followRef = useRef(choices.follow);
  followRef.current = choices.follow;
  const key = JSON.stringify({
    project: choices.project,
    services: choices.services,
    tail: choices.tail,
    timestamps: choices.timestamps,
    since: choices.since,
  });

  useEffect(() => {
    const { project, services, tail, timestamps, since } = JSON.parse(key) as Omit<FollowChoices, 'follow'>;
    setSources([]);
    if (!terminal || services.length === 0) {
      setState('idle');
      return undefined;
    }
    const { term } = terminal;
    const logs = logApi(api, project);
    term.reset();
    setState('waiting');
    setError(null);
    let streamId: string | undefined;
    let streaming = false;
    const w = new AckingWriter(
      (data, parsed) => term.write(data, parsed),
      (bytes) => {
        if (streamId) logs.ack(streamId, bytes).catch(() => undefined);
      },
    );
    if (!followRef.current) w.pause();
    writer.current = w;
    const unsubscribe = logs.follow(
      { services, tail, timestamps, ...(since ? { since: Math.floor(Date.now() / 1000) - since } : {}) },
      (batch) => {
        streamId = batch.streamId;
        if (batch.error) setError(new ClientError(batch.error.code, batch.error.message, batch.error.hint));
        if (batch.sources) setSources(batch.sources);
        if (batch.data) {
          w.push(batch.data, batch.bytes);
          if (!streaming) {
            streaming = true;
            setState('streaming');
          }
        }
      },
      (err) => setError(err),
    );
    return () => {
      unsubscribe();
      w.dispose();
      if (writer.current === w) writer.current = null;
    };
  }, [api, terminal, key]);

  useEffect(() => {
    if (choices.follow) writer.current?.resume();
    else writer.current?.pause();
  }, [choices.follow]);

  return { state, error, sources };
}

/** Fetches the whole log of the chosen services and saves it as a file. */
export function useLogDownload() {
  const api = useApi();
  return useMutation({
    mutationFn: async (choices: {
      project: string | undefined;
      services: string[];
      since: number;
      timestamps: boolean;
    }) => {
      const file = await logApi(api, choices.project).download({
        services: choices.services,
        timestamps: choices.timestamps,
        ...(choices.since ? { since: Math.floor(Date.now() / 1000) - choices.since } : {}),
      });
      const url = URL.createObjectURL(new Blob([file.text], { type: 'text/plain;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}
