import type Docker from 'dockerode';
import { pingOnNewConnection } from '../engine';

/**
 * How far before the event stream ended a container may have died and still count as stopped by the
 * engine's shutdown: the engine stops all its containers at once, each within its stop timeout, and
 * ends the stream when the last one is down.
 */
export const SHUTDOWN_WINDOW_MS = 60_000;

/** How long a fresh ping may take before the engine counts as not answering. */
const PING_TIMEOUT_MS = 3000;

/**
 * Tells the engine's own shutdown apart from a user's stop or a crash. Docker has no event for it,
 * and its event history does not survive the restart, so the evidence is:
 * - live: a container dies while the engine no longer answers a new connection (dockerd closes its
 *   API socket first, then stops the containers, then ends the event stream) or while the stream is
 *   already gone;
 * - afterwards: a container that finished from shortly before the stream ended onwards, whose death
 *   was never seen live, and that was not killed for memory.
 */
export class EngineShutdownTracker {
  /** When the event stream was lost; undefined while connected. */
  private lostAt: number | undefined;
  private readonly victims = new Map<string, string>();
  private readonly diesSeen = new Map<string, number>();

  constructor(
    private readonly docker: Docker,
    private readonly streamConnected: () => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  streamLost(): void {
    this.lostAt ??= this.now();
  }

  /** Called on a live `die` (engine time in ms). */
  sawDie(containerId: string, time: number): void {
    this.diesSeen.set(containerId, time);
    if (this.diesSeen.size > 1024) this.diesSeen.delete(this.diesSeen.keys().next().value!);
  }

  /** Whether the engine is going away: its stream is gone, or it does not answer a fresh ping. */
  async engineStopping(): Promise<boolean> {
    if (!this.streamConnected()) return true;
    const answered = await pingOnNewConnection(this.docker, PING_TIMEOUT_MS);
    return !answered || !this.streamConnected();
  }

  markVictim(service: string, containerId: string): void {
    this.victims.set(service, containerId);
  }

  isMarked(service: string, containerId: string): boolean {
    return this.victims.get(service) === containerId;
  }

  /**
   * After the engine is back, how an exited container went down: with the engine, in a death already
   * handled live (a stop, a crash), or otherwise unknown (left to the crash rules).
   */
  howItWentDown(
    service: string,
    containerId: string,
    state: { FinishedAt: string; OOMKilled: boolean },
  ): 'engine' | 'handled' | 'unknown' {
    if (this.isMarked(service, containerId)) return 'engine';
    const finished = Date.parse(state.FinishedAt);
    const seen = this.diesSeen.get(containerId);
    if (seen !== undefined && seen >= finished - 2000) return 'handled';
    if (this.lostAt === undefined || state.OOMKilled || !(finished >= this.lostAt - SHUTDOWN_WINDOW_MS))
      return 'unknown';
    return 'engine';
  }

  /** Whether the stream has been lost since the last reconnect was handled. */
  get streamWasLost(): boolean {
    return this.lostAt !== undefined;
  }

  /** The marked services, for when the engine turns out not to have gone away after all. */
  marked(): [service: string, containerId: string][] {
    return [...this.victims];
  }

  /** The reconnect has been handled: start a new engine life. */
  settled(): void {
    this.lostAt = undefined;
    this.victims.clear();
  }
}
