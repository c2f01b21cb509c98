import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Runs inside a network namespace of its own whose one interface has the address given as the first
 * argument (see e2e/server-tls.spec.ts): starts the built `sutazai serve` bound to that address and
 * to the wildcard, fetches the URL it prints exactly as printed (full certificate check against
 * the certificate it generated), and prints what it saw as one JSON line.
 */
const address = process.argv[2]!;
const ROOT = resolve(__dirname, '..');

interface Started {
  code: number | null;
  output: string;
  url?: string;
  fingerprint?: string;
  stop(): Promise<void>;
}

async function startServe(home: string, args: string[]): Promise<Started> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'sutazai.js'),
      'serve',
      '--port',
      '0',
      '--stack-port',
      '0',
      '--project',
      `sutazai-bind-${process.pid}`,
      ...args,
    ],
    {
      env: { ...process.env, SUTAZAI_HOME: home, SUTAZAI_TOKEN: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + 30_000;
  while (!/SutazAI Control Center at /.test(output) && child.exitCode === null && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  if (child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
  return {
    get code() {
      return child.exitCode;
    },
    get output() {
      return output;
    },
    url: /SutazAI Control Center at (\S+)/.exec(output)?.[1],
    fingerprint: /SHA-256 fingerprint (\S+)/.exec(output)?.[1],
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function get(
  url: string,
  options: { ca?: string; headers?: Record<string, string>; servername?: string } = {},
): Promise<{ status: number; fingerprint?: string; error?: string }> {
  return new Promise((done) => {
    const u = new URL(url);
    const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      u,
      {
        agent: false,
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.servername ? { servername: options.servername } : {}),
        headers: options.headers ?? {},
        timeout: 10_000,
      },
      (res) => {
        const socket = res.socket as { getPeerCertificate?: () => { fingerprint256?: string } };
        const fingerprint = socket.getPeerCertificate?.().fingerprint256;
        res.resume();
        res.on('end', () => done({ status: res.statusCode ?? 0, ...(fingerprint ? { fingerprint } : {}) }));
      },
    );
    req.on('error', (err) => done({ status: 0, error: err.message }));
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.end();
  });
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'sutazai-bind-'));
  const report: Record<string, unknown> = { address };
  try {
    const plain = await startServe(home, ['--host', address]);
    await plain.stop();
    report.plain = { code: plain.code, output: plain.output.trim() };

    const tls = await startServe(home, ['--host', address, '--tls']);
    const ca = readFileSync(join(home, 'tls', 'cert.pem'), 'utf8');
    const token = tls.url ? new URL(tls.url).searchParams.get('token')! : '';
    report.specific = {
      url: tls.url,
      printedFingerprint: tls.fingerprint,
      page: tls.url ? await get(tls.url, { ca }) : undefined,
      status: tls.url
        ? await get(new URL('/api/v1/status', tls.url).href, { ca, headers: { Authorization: `Bearer ${token}` } })
        : undefined,
      untrusted: tls.url ? await get(tls.url) : undefined,
      plainHttp: tls.url ? await get(tls.url.replace(/^https:/, 'http:')) : undefined,
    };
    await tls.stop();

    // The wildcard bind also names the machine's host name, so its certificate is made anew.
    const wildcard = await startServe(home, ['--host', '0.0.0.0', '--tls']);
    const wildcardCa = readFileSync(join(home, 'tls', 'cert.pem'), 'utf8');
    const port = wildcard.url ? new URL(wildcard.url).port : '';
    report.wildcard = {
      url: wildcard.url,
      output: wildcard.output.trim(),
      page: wildcard.url ? await get(wildcard.url, { ca: wildcardCa }) : undefined,
      loopback: port ? await get(`https://127.0.0.1:${port}/health`, { ca: wildcardCa }) : undefined,
      // The certificate is checked for localhost; the Host header names another site.
      foreignHost: port
        ? await get(`https://localhost:${port}/health`, {
            ca: wildcardCa,
            servername: 'localhost',
            headers: { Host: `rebind.example:${port}` },
          })
        : undefined,
    };
    await wildcard.stop();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

void main();
