import { contextBridge, ipcRenderer } from 'electron';
import {
  contract,
  IPC_CHANNELS,
  splitName,
  type ApiErrorShape,
  type ApiResult,
  type ServerMessage,
} from '../src-shared/api';

/**
 * Builds `window.sutazai.<feature>.<method>` from the contract: one function per procedure and
 * stream. ipcRenderer itself is never exposed.
 */
type Listener = { onEvent: (data: unknown) => void; onEnd?: (error: ApiErrorShape) => void };

const listeners = new Map<number, Listener>();
let nextId = 1;

ipcRenderer.on(IPC_CHANNELS.event, (_event, message: ServerMessage) => {
  if (message.type === 'event') listeners.get(message.id)?.onEvent(message.data);
  else if (message.type === 'end') {
    const l = listeners.get(message.id);
    listeners.delete(message.id);
    if (l && message.error) l.onEnd?.(message.error);
  }
});

const api: Record<string, Record<string, unknown>> = {};
for (const name of Object.keys(contract) as (keyof typeof contract)[]) {
  const [feature, method] = splitName(name);
  const group = (api[feature] ??= {});
  if (contract[name].kind === 'procedure') {
    // The result crosses the context bridge as a value: a thrown Error would arrive with its message only.
    group[method] = (input: unknown): Promise<ApiResult<unknown>> =>
      ipcRenderer.invoke(IPC_CHANNELS.call, name, input ?? {});
  } else {
    group[method] = (input: unknown, onEvent: (data: unknown) => void, onEnd?: Listener['onEnd']) => {
      const id = nextId++;
      listeners.set(id, { onEvent, ...(onEnd ? { onEnd } : {}) });
      ipcRenderer.send(IPC_CHANNELS.subscribe, id, name, input ?? {});
      return () => {
        if (!listeners.delete(id)) return;
        ipcRenderer.send(IPC_CHANNELS.unsubscribe, id);
      };
    };
  }
}

contextBridge.exposeInMainWorld('sutazai', api);
