/**
 * The renderer's Content-Security-Policy, the same for both hosts: the desktop app sets it on every
 * response of the app's pages, the browser mode on every file it serves.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
