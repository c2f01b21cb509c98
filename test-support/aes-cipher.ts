import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../src-main/store';

/**
 * A real cipher (AES-256-GCM from node:crypto, key in memory) standing in for Electron's
 * safeStorage, which cannot run outside the desktop app: it checks what the store does with a
 * cipher, not how the operating system keeps the key.
 */
export function aesCipher(
  key: Buffer = randomBytes(32),
  scheme = 'test-aes-256-gcm',
): SecretCipher & { calls: { encrypt: number; decrypt: number } } {
  const calls = { encrypt: 0, decrypt: 0 };
  return {
    scheme,
    calls,
    async encrypt(plain) {
      calls.encrypt++;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async decrypt(sealed) {
      calls.decrypt++;
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
