import { createHmac } from 'node:crypto';

/** One key line of a known_hosts file (OpenSSH's sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"). */
interface KnownHostLine {
  marker?: '@revoked' | '@cert-authority';
  patterns: string[];
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict = 'match' | 'mismatch' | 'unknown' | 'revoked';

export function parseKnownHosts(text: string): KnownHostLine[] {
  const lines: KnownHostLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0] === '@revoked' || fields[0] === '@cert-authority' ? fields.shift() : undefined;
    const [hosts, keyType, key] = fields;
    if (!hosts || !keyType || !key) continue;
    lines.push({
      ...(marker ? { marker: marker as KnownHostLine['marker'] } : {}),
      patterns: hosts.split(','),
      keyType,
      key: Buffer.from(key, 'base64'),
    });
  }
  return lines;
}

/** How known_hosts names a host: `host` on port 22, `[host]:port` on any other. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  const glob = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${glob}$`, 'i').test(name);
}

function hostMatches(patterns: string[], name: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), name)) return false;
    } else if (patternMatches(p, name)) matched = true;
  }
  return matched;
}

/**
 * Checks a host key (the raw key blob the server offered) against known_hosts lines: a revoked key
 * is refused, a listed key for the host matches, another key listed for the host is a mismatch.
 */
export function checkHostKey(lines: KnownHostLine[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = knownHostName(host, port);
  if (lines.some((l) => l.marker === '@revoked' && l.key.equals(key))) return 'revoked';
  const forHost = lines.filter((l) => !l.marker && hostMatches(l.patterns, name));
  if (forHost.some((l) => l.key.equals(key))) return 'match';
  return forHost.length > 0 ? 'mismatch' : 'unknown';
}
