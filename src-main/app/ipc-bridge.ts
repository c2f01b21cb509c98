import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_CHANNELS, type ApiResult, type ServerMessage } from '../../src-shared/api';
import { RpcConnection, type Router } from '../rpc';

/**
 * Carries the typed API over Electron IPC. Each window's WebContents gets its own RpcConnection,
 * disposed with the window; every message's sender frame must be the app's own page.
 */
export function attachIpcBridge(router: Router, isTrustedUrl: (url: string) => boolean): () => void {
  const connections = new Map<number, RpcConnection>();

  const connectionFor = (wc: WebContents): RpcConnection => {
    let c = connections.get(wc.id);
    if (!c) {
      const send = (m: ServerMessage): void => {
        if (!wc.isDestroyed()) wc.send(IPC_CHANNELS.event, m);
      };
      const conn = new RpcConnection(router, send, { transport: 'ipc', peer: `window-${wc.id}` });
      c = conn;
      connections.set(wc.id, conn);
      wc.once('destroyed', () => {
        conn.close();
        connections.delete(wc.id);
      });
    }
    return c;
  };

  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const url = event.senderFrame?.url;
    return typeof url === 'string' && isTrustedUrl(url);
  };

  ipcMain.handle(IPC_CHANNELS.call, async (event, name: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    if (!trusted(event))
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted from the app window only' } };
    const conn = connectionFor(event.sender);
    return router.call(typeof name === 'string' ? name : '', input, conn.context);
  });
  ipcMain.on(IPC_CHANNELS.subscribe, (event, id: unknown, name: unknown, input: unknown) => {
    if (!trusted(event)) return;
    void connectionFor(event.sender).handle({ type: 'subscribe', id, name, input });
  });
  ipcMain.on(IPC_CHANNELS.unsubscribe, (event, id: unknown) => {
    if (!trusted(event)) return;
    void connectionFor(event.sender).handle({ type: 'unsubscribe', id });
  });

  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.call);
    ipcMain.removeAllListeners(IPC_CHANNELS.subscribe);
    ipcMain.removeAllListeners(IPC_CHANNELS.unsubscribe);
    for (const c of connections.values()) c.close();
    connections.clear();
  };
}
