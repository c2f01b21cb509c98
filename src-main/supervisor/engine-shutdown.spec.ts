import Docker from 'dockerode';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Agent, request } from 'node:http';
import { createServer as createListener } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineShutdownTracker, pingOnNewConnection, SHUTDOWN_WINDOW_MS } from './engine-shutdown';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('pingOnNewConnection', () => {
  it('says no once the engine stops accepting connections, though a kept-alive one is still served', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sutazai-ping-'));
    dirs.push(dir);
    const socketPath = join(dir, 'docker.sock');
    const server = createServer((req, res) => res.end(req.url === '/_ping' ? 'OK' : 'no'));
    server.keepAliveTimeout = 60_000;
    // The listener apart from the HTTP server, so closing it leaves open connections served (as Go's does).
    const listener = createListener((socket) => server.emit('connection', socket));
    await new Promise<void>((r) => listener.listen(socketPath, r));
    const docker = new Docker({ socketPath });
    expect(await pingOnNewConnection(docker, 1000)).toBe(true);

    // A client holding a kept-alive connection, as the app's shared engine client does.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        const req = request({ socketPath, path: '/_ping', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    expect(await get()).toBe(200);
    listener.close(); // stops accepting, as dockerd does when it begins to shut down
    expect(await get()).toBe(200);
    expect(await pingOnNewConnection(docker, 1000)).toBe(false);
    agent.destroy();
    server.closeAllConnections();
  });
});

describe('EngineShutdownTracker.howItWentDown', () => {
  const docker = new Docker({ socketPath: '/nonexistent/docker.sock' });
  const lostAt = Date.parse('2025-05-01T10:00:00Z');
  const tracker = () => {
    const t = new EngineShutdownTracker(docker, () => false, () => lostAt);
    t.streamLost();
    return t;
  };
  const state = (finished: number, OOMKilled = false) => ({ FinishedAt: new Date(finished).toISOString(), OOMKilled });

  it('counts a death it never saw, from shortly before the stream ended onwards, as the engine\'s', () => {
    const t = tracker();
    expect(t.howItWentDown('db', 'c1', state(lostAt - 5000))).toBe('engine');
    expect(t.howItWentDown('db', 'c1', state(lostAt + 1000))).toBe('engine');
    expect(t.howItWentDown('db', 'c1', state(lostAt - SHUTDOWN_WINDOW_MS - 1000))).toBe('unknown');
    expect(t.howItWentDown('db', 'c1', state(lostAt - 5000, true))).toBe('unknown');
  });

  it('leaves a death handled live to what was decided then, unless it was marked as the engine\'s', async () => {
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
