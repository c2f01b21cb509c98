import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { ApiError, type SutazaiBridge } from '../../src-shared/api';
import { createBridgeClient } from '../../src-renderer/src/api/bridge-client';
import type { ApiClient } from '../../src-renderer/src/api/client';
import { unwrapResult } from '../../src-renderer/src/api/unwrap';
import { createWsClient } from '../../src-renderer/src/api/ws-client';
import { RpcConnection } from './connection';
import type { AllHandlers, CallContext } from './handlers';
import { Router } from './router';

/**
 * A typed error with its hint reaches the page in both hosts. The core side is the real Router
 * and RpcConnection; the WebSocket is a real socket carrying JSON; the desktop path hands the
 * router's result through the structured clone that Electron's IPC applies to `invoke` results,
 * to a bridge shaped as the preload builds it. Not proven here: Electron's contextBridge itself
 * (no Electron binary on this machine); e2e/desktop.spec.ts checks the hint in the real window.
 */
const quiet = { warn: () => undefined, error: () => undefined };
const router = new Router(
  {
    'host:profile': () => {
      throw new ApiError('ENGINE_UNAVAILABLE', 'No Docker engine answered', 'Start the Docker engine');
    },
    'host:history': () => [{ time: 1, cpuPercent: 2, memUsedBytes: 3, memTotalBytes: 4, memAvailableBytes: 1 }],
    'host:samples': () => {
      throw new ApiError('UNAVAILABLE', 'The sampler is stopped', 'Restart the app');
    },
  } as unknown as AllHandlers,
  quiet,
);
const ctx: CallContext = { transport: 'ipc', peer: 'window-1', signal: new AbortController().signal };

/** What the preload hands the page: the result of `ipcRenderer.invoke`, structured-cloned by IPC. */
function preloadLikeBridge(): SutazaiBridge {
  const call = async (name: string, input: unknown) => structuredClone(await router.call(name, input ?? {}, ctx));
  return {
    host: {
      profile: (input: unknown) => call('host:profile', input),
      history: (input: unknown) => call('host:history', input),
    },
  } as unknown as SutazaiBridge;
}

let server: WebSocketServer;
let wsClient: ApiClient;
const realWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;

beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => {
    const conn = new RpcConnection(router, (m) => socket.send(JSON.stringify(m)), {
      transport: 'websocket',
      peer: 'test',
    });
    socket.on('message', (raw) => void conn.handle(JSON.parse(String(raw))));
    socket.on('close', () => conn.close());
  });
  await new Promise((r) => server.once('listening', r));
  // The browser's WebSocket, as the page has it; ws implements the same interface.
  (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
  wsClient = createWsClient(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

afterAll(() => {
  (globalThis as { WebSocket?: unknown }).WebSocket = realWebSocket;
  for (const c of server.clients) c.terminate();
  server.close();
});

describe.each([
  ['desktop (preload bridge)', () => createBridgeClient(preloadLikeBridge())],
  ['browser (WebSocket)', () => wsClient],
])('%s client', (_label, client) => {
  it('resolves a value', async () => {
    expect(await client().call('host:history', {})).toEqual([
      { time: 1, cpuPercent: 2, memUsedBytes: 3, memTotalBytes: 4, memAvailableBytes: 1 },
    ]);
  });

  it('rejects with the code, message and hint the handler threw', async () => {
    const err = await client()
      .call('host:profile', {})
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'ClientError',
      code: 'ENGINE_UNAVAILABLE',
      message: 'No Docker engine answered',
      hint: 'Start the Docker engine',
    });
  });

  it('rejects bad input with INVALID_INPUT naming the field', async () => {
    const err = await client()
      .call('host:history', { seconds: 'ten' } as never)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_INPUT' });
    expect((err as Error).message).toContain('seconds');
  });
});

describe('unwrapResult', () => {
  it('refuses what is not a result instead of passing it on as a value', () => {
    for (const odd of [undefined, null, 'Error invoking remote method', { ok: 'yes' }, { ok: false }]) {
      expect(() => unwrapResult(odd, 'host:profile')).toThrow(
        'host:profile: the app answered with something that is not a result',
      );
    }
  });

  it('keeps a message without a hint as it is', () => {
    expect(() =>
      unwrapResult({ ok: false, error: { code: 'NOT_FOUND', message: 'no such model' } }, 'models:delete'),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: 'no such model', hint: undefined }));
  });
});
