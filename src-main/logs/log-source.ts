import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { LogDemuxer } from './log-demuxer';
import { stampOf } from './log-stamps';

export interface LogSourceOptions {
  follow: boolean;
  /** Seconds since the epoch; a string keeps fractions exact (`1714557600.123456789`). */
  since?: number | string;
  tail?: number;
  /** The last instant to read (same forms as `since`). */
  until?: number | string;
  timestamps: boolean;
}

/**
 * Opens a container's log as a byte stream, following or not (dockerode's `logs` buffers the whole
 * log in memory when not following; this always streams, so a long log is read in bounded
 * chunks). `signal` aborts the request.
 */
export function openLogStream(
  docker: Docker,
  containerId: string,
  o: LogSourceOptions,
  signal: AbortSignal,
): Promise<Readable> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(containerId)}/logs?`,
        method: 'GET',
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: {
          follow: o.follow,
          stdout: true,
          stderr: true,
          timestamps: o.timestamps,
          ...(o.since !== undefined ? { since: o.since } : {}),
          ...(o.until !== undefined ? { until: o.until } : {}),
          tail: o.tail === undefined ? 'all' : String(o.tail),
        },
      },
      (err: unknown, stream: unknown) => (err ? reject(err as Error) : resolve(stream as Readable)),
    );
  });
}

/** The engine's stamp of a container's last log line (undefined for an empty log). */
export async function lastLogStamp(docker: Docker, containerId: string, tty: boolean): Promise<string | undefined> {
  const stream = await openLogStream(
    docker,
    containerId,
    { follow: false, tail: 1, timestamps: true },
    AbortSignal.timeout(10_000),
  );
  const demux = new LogDemuxer(tty);
  let text = '';
  for await (const chunk of stream) {
    const part = demux.push(chunk as Buffer);
    text += part.stdout + part.stderr;
  }
  return stampOf(text.trimEnd());
}
