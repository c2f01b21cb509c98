import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { ApiError } from '../../src-shared/api';

/** scrypt's cost: N 2^17, r 8, p 1 (128 MiB, a fraction of a second), OWASP's minimum for scrypt. */
const KDF = { N: 2 ** 17, r: 8, p: 1, keyLength: 32 } as const;
const FORMAT = 'sutazai-secrets/1';

interface Envelope {
  format: typeof FORMAT;
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

function deriveKey(passphrase: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, KDF.keyLength, { ...o, maxmem: 128 * o.N * o.r * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * Seals stack.env with a passphrase: a key from scrypt (random 16-byte salt) and AES-256-GCM
 * (random 12-byte nonce, 16-byte tag), so a changed or truncated file is refused, not decrypted
 * into garbage. The passphrase itself is kept nowhere.
 */
export async function seal(plain: Buffer, passphrase: string): Promise<Buffer> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, KDF);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(FORMAT));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  const envelope: Envelope = {
    format: FORMAT,
    kdf: 'scrypt',
    N: KDF.N,
    r: KDF.r,
    p: KDF.p,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return Buffer.from(JSON.stringify(envelope) + '\n');
}

/** Opens a sealed stack.env; a wrong passphrase and a damaged file are both refused with INVALID_INPUT. */
export async function open(sealed: Buffer, passphrase: string, what: string): Promise<Buffer> {
  let e: Envelope;
  try {
    e = JSON.parse(sealed.toString('utf8')) as Envelope;
    if (e.format !== FORMAT || e.kdf !== 'scrypt') throw new Error(`not a ${FORMAT} file`);
  } catch (err) {
    throw new ApiError('INVALID_INPUT', `${what} is not an encrypted secrets file (${(err as Error).message})`);
  }
  if (!(e.N >= 2 ** 14 && e.N <= 2 ** 20 && e.r >= 1 && e.r <= 32 && e.p >= 1 && e.p <= 16))
    throw new ApiError('INVALID_INPUT', `${what}: its key-derivation parameters are out of range`);
  const key = await deriveKey(passphrase, Buffer.from(e.salt, 'base64'), e);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(e.iv, 'base64'));
    decipher.setAAD(Buffer.from(FORMAT));
    decipher.setAuthTag(Buffer.from(e.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(e.data, 'base64')), decipher.final()]);
  } catch {
    throw new ApiError(
      'INVALID_INPUT',
      `The passphrase does not open ${what}`,
      'Give the passphrase set when the snapshot was made.',
    );
  }
}
