/**
 * Whether a URL is an http(s) address on this machine. Service UIs are opened only when they are:
 * the app never sends the user, or a request, to an address a label or page could point elsewhere.
 */
export function isLoopbackHttpUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return (
      (u.protocol === 'http:' || u.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)
    );
  } catch {
    return false;
  }
}
