import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

/** The certificate the server presents, and how the user can recognise it. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, colon-separated hex, as browsers show it. */
  fingerprint256: string;
  /** Where the certificate came from: the user's files, or the one kept in SUTAZAI_HOME. */
  source: 'given' | 'generated' | 'kept';
  certFile: string;
}

/** A certificate problem the user can fix, with the flag or file it is about. */
export class TlsSetupError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** Reads `--tls-cert` and `--tls-key` and checks that they are a current certificate and its key. */
export function loadGivenCertificate(certFile: string, keyFile: string, now = new Date()): TlsMaterial {
  const read = (file: string, flag: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new TlsSetupError(
        `${flag}: cannot read ${file}: ${(err as Error).message}`,
        `give ${flag} a readable PEM file`,
      );
    }
  };
  const cert = read(certFile, '--tls-cert');
  const key = read(keyFile, '--tls-key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new TlsSetupError(
      `--tls-cert: ${certFile} is not a PEM certificate`,
      'give the server certificate (-----BEGIN CERTIFICATE-----)',
    );
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new TlsSetupError(
      `--tls-key: ${keyFile} is not an unencrypted PEM private key`,
      'give the key of the certificate, without a passphrase',
    );
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new TlsSetupError(
      `--tls-key: ${keyFile} is not the key of the certificate in ${certFile}`,
      'give the key the certificate was issued for',
    );
  }
  if (new Date(x509.validTo) <= now) {
    throw new TlsSetupError(
      `--tls-cert: ${certFile} expired on ${new Date(x509.validTo).toISOString()}`,
      'renew the certificate',
    );
  }
  return { cert, key, fingerprint256: x509.fingerprint256, source: 'given', certFile };
}

/**
 * The self-signed certificate kept in `<home>/tls/` (key 0600). It is reused while it is valid for
 * another 30 days and names every address and name asked for; otherwise a new one (ECDSA P-256,
 * one year) replaces it, and the printed fingerprint changes.
 */
export async function generatedCertificate(
  home: string,
  names: readonly string[],
  now = new Date(),
): Promise<TlsMaterial> {
  const dir = join(home, 'tls');
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const wanted = [...new Set(names.map((n) => n.replace(/^\[|\]$/g, '').toLowerCase()))];
  if (existsSync(certFile) && existsSync(keyFile)) {
    const kept = readKept(certFile, keyFile);
    if (kept && covers(kept.x509, wanted) && new Date(kept.x509.validTo).getTime() - now.getTime() > 30 * 86_400_000) {
      return { cert: kept.cert, key: kept.key, fingerprint256: kept.x509.fingerprint256, source: 'kept', certFile };
    }
  }
  const { generate } = await import('./self-signed');
  const pems = await generate([{ name: 'commonName', value: 'SutazAI Control Center' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 365 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: wanted.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })),
      },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, pems.cert, { mode: 0o644 });
  return {
    cert: pems.cert,
    key: pems.private,
    fingerprint256: new X509Certificate(pems.cert).fingerprint256,
    source: 'generated',
    certFile,
  };
}

function readKept(certFile: string, keyFile: string): { cert: string; key: string; x509: X509Certificate } | undefined {
  try {
    const cert = readFileSync(certFile, 'utf8');
    const key = readFileSync(keyFile, 'utf8');
    const x509 = new X509Certificate(cert);
    return x509.checkPrivateKey(createPrivateKey(key)) ? { cert, key, x509 } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the certificate's subjectAltName lists every wanted address and name. */
function covers(x509: X509Certificate, wanted: readonly string[]): boolean {
  const listed = new Set(
    (x509.subjectAltName ?? '')
      .split(/,\s*/)
      .map((entry) => entry.replace(/^(DNS|IP Address):/, '').toLowerCase())
      .filter(Boolean),
  );
  return wanted.every((n) => listed.has(isIP(n) === 6 ? expandIPv6(n) : n));
}

/** Node prints IPv6 SAN entries in full form (`0:0:0:0:0:0:0:1`); this writes an address the same way. */
function expandIPv6(address: string): string {
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return groups.map((g) => g.replace(/^0+(?=.)/, '').toLowerCase()).join(':');
}
