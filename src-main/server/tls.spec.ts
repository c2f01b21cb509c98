import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { rawExchange } from '../../test-support/raw-http';
import { serve, type RunningServer } from './serve';

// HTTPS on this machine's loopback only: the server may listen on every interface, but every
// request here goes to 127.0.0.1 (a Host header names the other addresses).
const homes: string[] = [];
const running: RunningServer[] = [];

afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

function newHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'sutazai-tls-'));
  homes.push(home);
  return home;
}

async function start(home: string, options: Parameters<typeof serve>[0] = {}): Promise<RunningServer> {
  const r = await serve({
    port: 0,
    stackPort: 0,
    project: `sutazai-tls-${process.pid}`,
    env: { ...process.env, SUTAZAI_HOME: home, SUTAZAI_TOKEN: undefined },
    staticDir: home,
    ...options,
  });
  running.push(r);
  return r;
}

interface Answer {
  status: number;
  body: string;
  fingerprint: string;
  altNames: string;
}

function httpsGet(port: number, path: string, options: RequestOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, ...options }, (res) => {
      const cert = (res.socket as TLSSocket).getPeerCertificate();
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          fingerprint: cert.fingerprint256,
          altNames: cert.subjectaltname ?? '',
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser mode over HTTPS', () => {
  it('serves loopback with a certificate it generates into SUTAZAI_HOME, prints its fingerprint, and keeps it', async () => {
    const home = newHome();
    const first = await start(home, { tls: 'generate' });
    expect(first.server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(first.tls).toMatchObject({ source: 'generated', certFile: join(home, 'tls', 'cert.pem') });
    expect(statSync(join(home, 'tls', 'key.pem')).mode & 0o777).toBe(0o600);
    const cert = readFileSync(join(home, 'tls', 'cert.pem'), 'utf8');
    const ok = await httpsGet(first.server.port, '/api/v1/status', {
      ca: cert,
      headers: { Authorization: `Bearer ${first.token}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.fingerprint).toBe(first.tls!.fingerprint256);
    // A client that does not trust the certificate is refused by TLS itself, before any token is read.
    await expect(httpsGet(first.server.port, '/health', {})).rejects.toThrow(/self-signed|certificate/);
    // Plain HTTP on the TLS port never reaches the API.
    const plain = await rawExchange(
      first.server.port,
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${first.server.port}\r\n\r\n`,
      { waitMs: 2000 },
    );
    expect(plain.status).not.toBe(200);
    const fingerprint = first.tls!.fingerprint256;
    await first.stop();
    running.length = 0;

    const second = await start(home, { tls: 'generate' });
    expect(second.tls).toMatchObject({ source: 'kept', fingerprint256: fingerprint });
  });

  it('serves the certificate the user gives, and refuses files that are not a certificate and its key', async () => {
    const home = newHome();
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const other = await generate([{ name: 'commonName', value: 'other' }], { keyType: 'ec', algorithm: 'sha256' });
    writeFileSync(join(home, 'cert.pem'), pems.cert);
    writeFileSync(join(home, 'key.pem'), pems.private);
    writeFileSync(join(home, 'other-key.pem'), other.private);
    const given = await start(home, { tls: { certFile: join(home, 'cert.pem'), keyFile: join(home, 'key.pem') } });
    const answer = await httpsGet(given.server.port, '/health', { ca: pems.cert });
    expect(answer.status).toBe(200);
    expect(answer.fingerprint).toBe(new X509Certificate(pems.cert).fingerprint256);
    expect(given.tls?.source).toBe('given');

    const fresh = newHome();
    await expect(
      start(fresh, { tls: { certFile: join(home, 'cert.pem'), keyFile: join(home, 'other-key.pem') } }),
    ).rejects.toThrow(/--tls-key: .*other-key\.pem is not the key of the certificate/);
    await expect(
      start(fresh, { tls: { certFile: join(home, 'key.pem'), keyFile: join(home, 'key.pem') } }),
    ).rejects.toThrow(/--tls-cert: .* is not a PEM certificate/);
    await expect(
      start(fresh, { tls: { certFile: join(home, 'missing.pem'), keyFile: join(home, 'key.pem') } }),
    ).rejects.toThrow(/--tls-cert: cannot read/);
    expect(existsSync(join(fresh, 'sutazai.db'))).toBe(false);
  });

  it('refuses plain HTTP on an address other than loopback, before anything is created', async () => {
    const home = newHome();
    const refused = start(home, { host: '0.0.0.0' });
    await expect(refused).rejects.toThrow(/--host 0\.0\.0\.0 can be reached from other machines/);
    await expect(refused).rejects.toMatchObject({ hint: expect.stringContaining('--tls') });
    expect(existsSync(join(home, 'sutazai.db'))).toBe(false);
  });

  it('on a wildcard bind prints an address of this machine, whose Host and certificate name are accepted', async () => {
    const home = newHome();
    const r = await start(home, { host: '0.0.0.0', tls: 'generate' });
    const shown = new URL(r.server.url);
    expect(shown.hostname).not.toBe('0.0.0.0');
    expect(r.server.bind.wildcard).toBe(true);
    const cert = readFileSync(r.tls!.certFile, 'utf8');
    const port = r.server.port;
    // The request goes to 127.0.0.1; the Host header and the certificate check use the printed name.
    const viaPrinted = await httpsGet(port, `/api/v1/status`, {
      ca: cert,
      headers: { Host: shown.host, Authorization: `Bearer ${r.token}` },
      checkServerIdentity: () => undefined,
    });
    expect(viaPrinted.status).toBe(200);
    const ip = shown.hostname.replace(/^\[|\]$/g, '');
    expect(viaPrinted.altNames.toLowerCase()).toContain(ip.includes(':') ? 'ip address:' : `ip address:${ip}`);
    expect(new X509Certificate(cert).checkIP(ip)).toBe(ip);
    const foreign = await httpsGet(port, '/health', {
      ca: cert,
      headers: { Host: `rebind.example:${port}` },
      checkServerIdentity: () => undefined,
    });
    expect(foreign.status).toBe(421);
  });
});
