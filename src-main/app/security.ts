import { session, shell, type BrowserWindow } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../server/static-files';

/**
 * The Electron security checklist in one place: a CSP on every response, no new windows
 * (http(s) links of loopback services go to the user's browser), navigation locked to the app,
 * and every permission request denied.
 */
export function hardenSession(isAppUrl: (url: string) => boolean): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    if (isAppUrl(details.url)) headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}

export function lockWindow(win: BrowserWindow, isAppUrl: (url: string) => boolean): void {
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isLoopbackHttp(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
}

function isLoopbackHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}
