import { safeStorage } from 'electron';
import type { SecretCipher } from '../store';

/**
 * Electron's safeStorage as the core's secret cipher: the key lives in the OS keychain (Keychain,
 * DPAPI, kwallet or libsecret). Undefined where it is unavailable, and on Linux without a keyring,
 * where safeStorage falls back to a hard-coded password that protects no more than the 0600 database.
 * Call after the app is ready.
 */
export async function safeStorageCipher(): Promise<SecretCipher | undefined> {
  try {
    // A keychain that waits on the user must not hold the app's start: without an answer, start without it.
    const available = await Promise.race([
      safeStorage.isAsyncEncryptionAvailable(),
      new Promise<false>((r) => setTimeout(() => r(false), 10_000).unref()),
    ]);
    if (!available) return undefined;
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  } catch {
    return undefined;
  }
  return {
    scheme: 'electron-safe-storage',
    encrypt: (plain) => safeStorage.encryptStringAsync(plain),
    decrypt: async (sealed) => (await safeStorage.decryptStringAsync(sealed)).result,
  };
}
