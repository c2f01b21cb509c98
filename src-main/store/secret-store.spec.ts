import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aesCipher } from '../../test-support/aes-cipher';
import { openDatabase, type Db } from './database';
import { SecretStore } from './secret-store';

// Electron's safeStorage cannot run here: a real AES-256-GCM cipher from node:crypto stands in for it.
const KEY = 'sk-live-5f0c7e1d9a2b4c6e';
let dir: string;
let file: string;
const open: Db[] = [];
const db = () => {
  const d = openDatabase(file);
  open.push(d);
  return d;
};
/** The database as it lies on disk, WAL folded in. */
const onDisk = (d: Db) => {
  d.pragma('wal_checkpoint(TRUNCATE)');
  return readFileSync(file);
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sutazai-secrets-'));
  file = join(dir, 'sutazai.db');
});
afterEach(() => {
  open.splice(0).forEach((d) => d.close());
  rmSync(dir, { recursive: true, force: true });
});

describe('SecretStore', () => {
  it('without a cipher keeps the value in the database only the user can read', async () => {
    const d = db();
    const store = new SecretStore(d);
    await store.set('agents.letta.apiKey', KEY);
    expect(store.scheme).toBe('plain');
    expect(await store.get('agents.letta.apiKey')).toBe(KEY);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(onDisk(d).includes(KEY)).toBe(true);
  });

  it('with a cipher keeps only ciphertext on disk and reads it back through the cipher', async () => {
    const cipher = aesCipher();
    const d = db();
    const store = new SecretStore(d, cipher);
    await store.set('agents.letta.apiKey', KEY);
    expect(onDisk(d).includes(KEY)).toBe(false);
    expect(await new SecretStore(db(), cipher).get('agents.letta.apiKey')).toBe(KEY);
    expect(cipher.calls).toEqual({ encrypt: 1, decrypt: 1 });
    expect(store.has('agents.letta.apiKey')).toBe(true);
    const sealedBytes = (d.prepare('SELECT value FROM secrets').get() as { value: Buffer }).value;
    store.delete('agents.letta.apiKey');
    expect(store.has('agents.letta.apiKey')).toBe(false);
    expect(onDisk(d).includes(sealedBytes)).toBe(false);
    expect(await store.get('agents.letta.apiKey')).toBeUndefined();
  });

  it('says so when a value was sealed by a cipher this mode lacks, or one that no longer opens it', async () => {
    await new SecretStore(db(), aesCipher()).set('agents.dify.apiKey', KEY);
    await expect(new SecretStore(db()).get('agents.dify.apiKey')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'The secret agents.dify.apiKey is encrypted with test-aes-256-gcm, which this app mode cannot use',
    });
    await expect(new SecretStore(db(), aesCipher()).get('agents.dify.apiKey')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^The secret agents\.dify\.apiKey could not be decrypted/),
    });
  });

  it('encrypts the values kept plain once a cipher is available', async () => {
    await new SecretStore(db()).set('agents.letta.apiKey', KEY);
    await new SecretStore(db()).set('agents.n8n.apiKey', 'n8n-key-0123456789abcdef');
    const cipher = aesCipher();
    const d = db();
    const sealed = new SecretStore(d, cipher);
    expect(await sealed.sealPlain()).toBe(2);
    expect(await sealed.sealPlain()).toBe(0);
    const disk = onDisk(d);
    expect(disk.includes(KEY) || disk.includes('n8n-key-0123456789abcdef')).toBe(false);
    expect(await sealed.get('agents.letta.apiKey')).toBe(KEY);
  });
});
