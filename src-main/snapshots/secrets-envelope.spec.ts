import { describe, expect, it } from 'vitest';
import { open, seal } from './secrets-envelope';

const plain = Buffer.from('POSTGRES_PASSWORD=Zq8s-secret-value\nREDIS_PASSWORD=another-secret\n');

describe('stack.env sealed with a passphrase (scrypt + AES-256-GCM)', () => {
  it('opens with its passphrase only, and holds no secret in clear', async () => {
    const sealed = await seal(plain, 'correct horse battery');
    expect(sealed.toString()).not.toContain('Zq8s-secret-value');
    expect(sealed.toString()).not.toContain('another-secret');
    expect(JSON.parse(sealed.toString())).toMatchObject({
      format: 'sutazai-secrets/1',
      kdf: 'scrypt',
      N: 131072,
      r: 8,
      p: 1,
    });
    expect((await open(sealed, 'correct horse battery', 'stack.env of s1')).equals(plain)).toBe(true);
    await expect(open(sealed, 'correct horse batterY', 'stack.env of s1')).rejects.toThrow(
      'The passphrase does not open stack.env of s1',
    );
  });

  it('uses a new salt and nonce each time, and refuses a changed or foreign file', async () => {
    const a = await seal(plain, 'correct horse battery');
    const b = await seal(plain, 'correct horse battery');
    expect(JSON.parse(a.toString()).salt).not.toBe(JSON.parse(b.toString()).salt);
    expect(JSON.parse(a.toString()).iv).not.toBe(JSON.parse(b.toString()).iv);
    const e = JSON.parse(a.toString()) as { data: string };
    const data = Buffer.from(e.data, 'base64');
    data[0] = data[0]! ^ 1;
    const tampered = Buffer.from(JSON.stringify({ ...e, data: data.toString('base64') }));
    await expect(open(tampered, 'correct horse battery', 'x')).rejects.toThrow('The passphrase does not open x');
    await expect(open(Buffer.from('KEY=value\n'), 'correct horse battery', 'x')).rejects.toThrow(
      'x is not an encrypted secrets file',
    );
    await expect(open(Buffer.from(JSON.stringify({ ...e, N: 2 ** 30 })), 'correct horse battery', 'x')).rejects.toThrow(
      'x: its key-derivation parameters are out of range',
    );
  });
});
