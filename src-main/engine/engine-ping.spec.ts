import Docker from 'dockerode';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Agent, request } from 'node:http';
import { createServer as createListener } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isConnectionError, pingOnNewConnection } from './engine-ping';

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

describe('isConnectionError', () => {
  it('tells a lost connection from an answer of the engine', async () => {
    const gone = await new Docker({ socketPath: '/nonexistent/sutazai.sock' }).ping().catch((e: unknown) => e);
    expect(isConnectionError(gone)).toBe(true);
    expect(isConnectionError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('(HTTP code 404) no such container'), { statusCode: 404 }))).toBe(
      false,
    );
    expect(isConnectionError(new Error('exited with code 3'))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });
});
