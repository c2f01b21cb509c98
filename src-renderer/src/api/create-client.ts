import type { SutazaiBridge } from '../../../src-shared/api';
import { createBridgeClient } from './bridge-client';
import type { ApiClient } from './client';
import { createWsClient } from './ws-client';

const TOKEN_KEY = 'sutazai.token';

/**
 * Picks the transport: the preload bridge inside the desktop app, else the WebSocket of the
 * browser mode with the token from the address (kept for the tab, then removed from the URL bar).
 */
export function createClient(): ApiClient {
  const bridge = (window as unknown as { sutazai?: SutazaiBridge }).sutazai;
  if (bridge) return createBridgeClient(bridge);
  const params = new URLSearchParams(window.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${rest ? `?${rest}` : ''}${window.location.hash}`,
    );
  }
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsClient(`${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}`);
}
