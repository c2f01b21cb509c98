import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import { ApiError } from '../../src-shared/api';
import type { LogBatch, LogFile, LogServiceInfo } from '../../src-shared/api/features/logs';
import type { BatcherOptions } from './log-batcher';
import { downloadLogs } from './log-download';
import { ContainerWatch, type ContainerRun, type ContainerWatchOptions } from './container-watch';
import { LogFollow, type LogTarget } from './log-follow';
import { lastLogStamp, openLogStream } from './log-source';
import { stampToSince } from './log-stamps';
import { resolveServices, serviceContainers } from './log-targets';
import type { Watermarks } from './watermark-gate';

export interface FollowRequest {
  services: string[];
  since?: number;
  tail?: number;
  timestamps: boolean;
  follow: boolean;
}

export interface LogServiceOptions {
  docker: Docker;
  project: string;
  watermarks?: Watermarks;
  batch?: BatcherOptions;
  /** How a follow watches for stopped containers to run again (tests shorten the waits). */
  watch?: Pick<ContainerWatchOptions, 'settleMs' | 'retry'>;
}

/**
 * The logs of the stack's services: which services have one, follows (kept by stream id and
 * owner, so only the subscriber that opened a follow can ack it) and downloads.
 */
export class LogService {
  private readonly follows = new Map<string, { owner: string; follow: LogFollow }>();

  constructor(private readonly o: LogServiceOptions) {}

  get project(): string {
    return this.o.project;
  }

  async services(): Promise<LogServiceInfo[]> {
    return (await serviceContainers(this.o.docker, this.o.project)).map(
      ({ project, service, state, containerName }) => ({
        project,
        service,
        state,
        containerName,
      }),
    );
  }

  /**
   * Starts a follow and returns the function that stops it. Resolving the services takes a call
   * to the engine, so a failure (an unknown service) arrives as a last batch with `error`.
   */
  follow(req: FollowRequest, emit: (batch: LogBatch) => void, owner: string, color = true): () => void {
    const streamId = randomUUID();
    let follow: LogFollow | undefined;
    let stopped = false;
    const watch = req.follow
      ? new ContainerWatch({ docker: this.o.docker, project: this.o.project, ...this.o.watch })
      : undefined;
    watch?.start();
    void this.targets(req.services)
      .then((targets) => {
        if (stopped) return;
        follow = new LogFollow(
          targets.map((t) =>
            watch
              ? this.followTarget(watch, t, req)
              : {
                  service: t.service,
                  tty: t.tty,
                  open: (signal) => openLogStream(this.o.docker, t.containerId, req, signal),
                },
          ),
          emit,
          {
            streamId,
            color,
            timestamps: req.timestamps,
            ...(this.o.watermarks ? { watermarks: this.o.watermarks } : {}),
            ...(this.o.batch ? { batch: this.o.batch } : {}),
          },
        );
        this.follows.set(streamId, { owner, follow });
        follow.start();
      })
      .catch((err: unknown) => {
        watch?.dispose();
        if (stopped) return;
        const error =
          err instanceof ApiError
            ? err.toJSON()
            : { code: 'ENGINE_UNAVAILABLE' as const, message: `Reading logs failed: ${(err as Error).message}` };
        emit({ streamId, data: '', bytes: 0, done: true, error });
      });
    return () => {
      stopped = true;
      watch?.dispose();
      follow?.dispose();
      this.follows.delete(streamId);
    };
  }

  ack(streamId: string, bytes: number, owner: string): { unacked: number } {
    const entry = this.follows.get(streamId);
    if (!entry || entry.owner !== owner)
      throw new ApiError('NOT_FOUND', `No log follow '${streamId}' open for this connection`);
    entry.follow.ack(bytes);
    return { unacked: entry.follow.unacked };
  }

  hasFollow(streamId: string): boolean {
    return this.follows.has(streamId);
  }

  /** Open follows (for tests and diagnostics). */
  get followCount(): number {
    return this.follows.size;
  }

  async download(req: { services: string[]; since?: number; timestamps: boolean }): Promise<LogFile> {
    const targets = await this.targets(req.services);
    const signal = new AbortController().signal;
    return downloadLogs(
      targets.map((t) => ({
        service: t.service,
        tty: t.tty,
        open: () =>
          openLogStream(
            this.o.docker,
            t.containerId,
            { follow: false, timestamps: true, ...(req.since !== undefined ? { since: req.since } : {}) },
            signal,
          ),
      })),
      { timestamps: req.timestamps, project: this.o.project },
    );
  }

  /**
   * A followed service's run: read stamped from `since` when it continues (else with the request's
   * tail and since), then, once it ends, from the last line shown in the service's next run.
   */
  private followTarget(watch: ContainerWatch, run: ContainerRun, req: FollowRequest, since?: string): LogTarget {
    // A container that had stopped when the follow began: its log through its last line, without
    // stamps unless asked (the engine serves that faster); a run started since is read next, stamped.
    const finished = since === undefined && !req.timestamps ? run.lastLineStamp : undefined;
    const from = finished
      ? { ...req, follow: false, timestamps: false, until: stampToSince(finished) }
      : since === undefined
        ? { ...req, follow: true, timestamps: true }
        : { follow: true, timestamps: true, since };
    return {
      service: run.service,
      tty: run.tty,
      ...(finished ? { unstampedThrough: finished } : {}),
      open: (signal) => openLogStream(this.o.docker, run.containerId, from, signal),
      followOn: {
        ended: () => watch.ended(run),
        next: async (continueFrom, sameRun) => {
          const next = sameRun ? run : await watch.nextRun(run);
          return {
            target: this.followTarget(watch, next, req, continueFrom),
            ...(next.containerId !== run.containerId ? { newContainer: next.containerId.slice(0, 12) } : {}),
          };
        },
      },
    };
  }

  /** Stops every open follow. */
  dispose(): void {
    for (const { follow } of this.follows.values()) follow.dispose();
    this.follows.clear();
  }

  private async targets(names: string[]): Promise<ContainerRun[]> {
    const found = await resolveServices(this.o.docker, this.o.project, names);
    return Promise.all(
      found.map(async (c) => {
        const info = await this.o.docker.getContainer(c.containerId).inspect();
        const tty = Boolean(info.Config?.Tty);
        const stopped = !info.State.Running && !info.State.Restarting;
        const lastLineStamp = stopped
          ? await lastLogStamp(this.o.docker, c.containerId, tty).catch(() => undefined)
          : undefined;
        return {
          service: c.service,
          containerId: c.containerId,
          startedAt: info.State.StartedAt,
          tty,
          ...(lastLineStamp ? { lastLineStamp } : {}),
        };
      }),
    );
  }
}
