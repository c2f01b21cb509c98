import { join, normalize, sep } from 'node:path';

/**
 * The renderer is served from a custom scheme, `app://renderer/`, instead of file:// (Electron's
 * security checklist, item 18): a file:// page may read any local file it can name, an app://
 * page only what the protocol handler serves from the renderer folder. Nothing here imports
 * electron, so it is tested in plain Node.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`;

function parse(url: unknown): URL | undefined {
  if (typeof url !== 'string' || url.length > 8192) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Whether a URL belongs to the app: exactly the app:// origin (or, in development, exactly the
 * dev server's origin). Never throws, whatever it is given.
 */
export function trustedUrlCheck(devServerUrl?: string): (url: unknown) => boolean {
  const dev = devServerUrl ? parse(devServerUrl) : undefined;
  return (url) => {
    const u = parse(url);
    if (!u) return false;
    if (dev) return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin;
    return (
      u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === ''
    );
  };
}

/** The file of the renderer folder an app:// URL names, or undefined when it names none (or lies outside). */
export function rendererFileFor(root: string, url: unknown): string | undefined {
  if (!trustedUrlCheck()(url)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url as string).pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const base = normalize(root);
  const file = normalize(join(base, path === '/' || path === '' ? 'index.html' : path));
  return file.startsWith(base.endsWith(sep) ? base : base + sep) ? file : undefined;
}
