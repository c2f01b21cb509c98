import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { EngineShutdownTracker, SHUTDOWN_WINDOW_MS } from './engine-shutdown';

describe('EngineShutdownTracker.howItWentDown', () => {
  const docker = new Docker({ socketPath: '/nonexistent/docker.sock' });
  const lostAt = Date.parse('2025-05-01T10:00:00Z');
  const tracker = () => {
    const t = new EngineShutdownTracker(
      docker,
      () => false,
      () => lostAt,
    );
    t.streamLost();
    return t;
  };
  const state = (finished: number, OOMKilled = false) => ({ FinishedAt: new Date(finished).toISOString(), OOMKilled });

  it("counts a death it never saw, from shortly before the stream ended onwards, as the engine's", () => {
    const t = tracker();
    expect(t.howItWentDown('db', 'c1', state(lostAt - 5000))).toBe('engine');
    expect(t.howItWentDown('db', 'c1', state(lostAt + 1000))).toBe('engine');
    expect(t.howItWentDown('db', 'c1', state(lostAt - SHUTDOWN_WINDOW_MS - 1000))).toBe('unknown');
    expect(t.howItWentDown('db', 'c1', state(lostAt - 5000, true))).toBe('unknown');
  });

  it("leaves a death handled live to what was decided then, unless it was marked as the engine's", async () => {
    const t = tracker();
    t.sawDie('c1', lostAt - 10_000);
    expect(t.howItWentDown('db', 'c1', state(lostAt - 10_000))).toBe('handled');
    // An older death of the same container does not cover this one.
    expect(t.howItWentDown('db', 'c1', state(lostAt - 1000))).toBe('engine');
    t.markVictim('db', 'c1');
    expect(t.howItWentDown('db', 'c1', state(lostAt - 10_000))).toBe('engine');
    expect(await t.engineStopping()).toBe(true);
    t.settled();
    expect(t.howItWentDown('db', 'c2', state(lostAt))).toBe('unknown');
  });
});
