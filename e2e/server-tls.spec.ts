import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

// `sutazai serve --host` on an address other than loopback, tested where no traffic can leave:
// a network namespace made for the test, whose one interface (a veth) has ADDRESS. The server and
// the client both run inside it (test-support/interface-bind-check.ts).
const ADDRESS = '198.18.0.1';
const ROOT = resolve(__dirname, '..');
const SETUP = [
  'ip link set lo up',
  'ip link add sutazai0 type veth peer name sutazai1',
  'ip addr add "$1/24" dev sutazai0',
  'ip link set sutazai0 up',
  'ip link set sutazai1 up',
].join(' && ');

function namespaceUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to make a network namespace';
  try {
    execFileSync('unshare', ['--net', 'sh', '-c', `${SETUP} && ip -br addr show sutazai0`, 'sh', ADDRESS], {
      stdio: 'ignore',
      timeout: 10_000,
    });
    return undefined;
  } catch (err) {
    return `cannot make a network namespace with a veth interface here (${(err as Error).message.split('\n')[0]})`;
  }
}

interface Fetched {
  status: number;
  fingerprint?: string;
  error?: string;
}

interface Report {
  plain: { code: number; output: string };
  specific: {
    url: string;
    printedFingerprint: string;
    page: Fetched;
    status: Fetched;
    untrusted: Fetched;
    plainHttp: Fetched;
  };
  wildcard: { url: string; output: string; page: Fetched; loopback: Fetched; foreignHost: Fetched };
}

test.describe('sutazai serve on an interface address', () => {
  const unavailable = namespaceUnavailable();
  test.skip(unavailable !== undefined, unavailable);

  test('refuses plain HTTP there, serves HTTPS at the printed URL, and prints a working URL for a wildcard bind', async () => {
    test.setTimeout(120_000);
    const out = execFileSync(
      'unshare',
      [
        '--net',
        'sh',
        '-c',
        `${SETUP} && exec "$2" --import tsx "$3" "$1"`,
        'sh',
        ADDRESS,
        process.execPath,
        join(ROOT, 'test-support', 'interface-bind-check.ts'),
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 110_000 },
    );
    const report = JSON.parse(out.trim().split('\n').pop()!) as Report;

    expect(report.plain.code).toBe(1);
    expect(report.plain.output).toContain(
      `--host ${ADDRESS} can be reached from other machines, and plain HTTP would carry the token in clear text`,
    );
    expect(report.plain.output).toContain('fix: add --tls');

    const specific = report.specific;
    expect(specific.url).toMatch(new RegExp(`^https://${ADDRESS.replace(/\./g, '\\.')}:\\d+/\\?token=[\\w-]+$`));
    expect(specific.page.status).toBe(200);
    expect(specific.page.fingerprint).toBe(specific.printedFingerprint);
    expect(specific.status.status).toBe(200);
    expect(specific.untrusted.error).toMatch(/self-signed|certificate/);
    expect(specific.plainHttp.status).toBe(0);

    const wildcard = report.wildcard;
    expect(wildcard.url).toMatch(new RegExp(`^https://${ADDRESS.replace(/\./g, '\\.')}:\\d+/`));
    expect(wildcard.output).toContain('Listening on every interface:');
    expect(wildcard.page.status).toBe(200);
    expect(wildcard.loopback.status).toBe(200);
    expect(wildcard.foreignHost.status).toBe(421);
  });
});
