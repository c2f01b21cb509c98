import { session, shell, type BrowserWindow } from 'electron';
import { isLoopbackHttpUrl } from '../../src-shared/api';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security/content-security-policy';

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
    if (isLoopbackHttpUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
}
