import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkHostKey, knownHostName, parseKnownHosts } from './known-hosts';

const KEY_A = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const KEY_B = 'AAAAC3NzaC1lZDI1NTE5AAAAIBm3oIXXBHWPLCQ1MkPHsmmTHbbeVJbH0D4KYvJGlZy1';
const key = (b64: string) => Buffer.from(b64, 'base64');

function hashed(name: string): string {
  const salt = Buffer.from('0123456789abcdefghij');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('known_hosts', () => {
  it('names a host as ssh does: bare on port 22, bracketed with any other port', () => {
    expect(knownHostName('gpu.lan', 22)).toBe('gpu.lan');
    expect(knownHostName('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
  });

  it('matches plain, wildcard and hashed host names, and tells a changed key from an unknown host', () => {
    const lines = parseKnownHosts(
      [
        '# comment',
        `gpu.lan,10.0.0.5 ssh-ed25519 ${KEY_A}`,
        `*.farm.lan,!bad.farm.lan ssh-ed25519 ${KEY_A}`,
        `${hashed('[box.lan]:2222')} ssh-ed25519 ${KEY_B}`,
      ].join('\n'),
    );
    expect(checkHostKey(lines, 'gpu.lan', 22, key(KEY_A))).toBe('match');
    expect(checkHostKey(lines, '10.0.0.5', 22, key(KEY_B))).toBe('mismatch');
    expect(checkHostKey(lines, 'n1.farm.lan', 22, key(KEY_A))).toBe('match');
    expect(checkHostKey(lines, 'bad.farm.lan', 22, key(KEY_A))).toBe('unknown');
    expect(checkHostKey(lines, 'box.lan', 2222, key(KEY_B))).toBe('match');
    expect(checkHostKey(lines, 'box.lan', 22, key(KEY_B))).toBe('unknown');
    expect(checkHostKey(lines, 'gpu.lan', 2222, key(KEY_A))).toBe('unknown');
  });

  it('refuses a revoked key even where the host lists it', () => {
    const lines = parseKnownHosts(`gpu.lan ssh-ed25519 ${KEY_A}\n@revoked * ssh-ed25519 ${KEY_A}\n`);
    expect(checkHostKey(lines, 'gpu.lan', 22, key(KEY_A))).toBe('revoked');
  });
});
