import { z } from 'zod';
import { procedure, stream } from '../define';
import type { ApiErrorShape } from '../errors';
import { projectChoice } from './project-name';

/** A compose service name as the engine's labels carry it. */
export const serviceName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'is not a service name (letters, digits, _ . -)');

export interface LogServiceInfo {
  /** The managed project the service belongs to. */
  project: string;
  service: string;
  /** The container's state as the engine reports it: running, exited, created, ... */
  state: string;
  containerName: string;
}

/**
 * Where a followed service stands. `following`: its container's log is being read; `stopped`: the
 * container stopped (`exitCode` when known) and the follow waits for it to start again;
 * `removed`: the container is gone and the follow waits for a new one of the same service.
 */
export interface LogSourceState {
  service: string;
  state: 'following' | 'stopped' | 'removed';
  exitCode?: number;
}

/**
 * One batch of a follow: lines with their coloured service prefixes, as a terminal shows them.
 * The first batch of every follow carries no data and names the stream for `logs:ack`.
 */
export interface LogBatch {
  streamId: string;
  data: string;
  /** The size the producer counts for flow control (the UTF-16 length of `data`). */
  bytes: number;
  /** Set on the last batch when the follow ended on its own (only without follow: a follow waits for stopped containers to start again). */
  done?: boolean;
  /** Following only: every service's state, sent (with no data) whenever one changes. */
  sources?: LogSourceState[];
  /** Why the follow could not start (an unknown service, the engine gone); comes with `done`. */
  error?: ApiErrorShape;
}

export interface LogFile {
  filename: string;
  text: string;
  /** True when the log was longer than the download limit and only its end is in `text`. */
  truncated: boolean;
}

const services = z.array(serviceName).min(1, 'choose at least one service').max(32);
/** Seconds since the epoch. */
const since = z.number().int().nonnegative().optional();

export const logFollowInput = z
  .object({
    ...projectChoice,
    services,
    since,
    /** Lines per service to start with; absent for the whole log. */
    tail: z.number().int().nonnegative().max(100_000).optional(),
    timestamps: z.boolean().default(false),
    follow: z.boolean().default(true),
  })
  .strict();

export const logsContract = {
  'logs:services': procedure(z.object({ ...projectChoice }).strict()).returns<LogServiceInfo[]>(),
  'logs:follow': stream(logFollowInput).emits<LogBatch>(),
  'logs:ack': procedure(
    z
      .object({
        streamId: z.string().min(1).max(64),
        bytes: z
          .number()
          .int()
          .positive()
          .max(1 << 30),
      })
      .strict(),
  ).returns<{ unacked: number }>(),
  'logs:download': procedure(
    z.object({ ...projectChoice, services, since, timestamps: z.boolean().default(false) }).strict(),
  ).returns<LogFile>(),
};
