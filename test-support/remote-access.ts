import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface TlsFiles {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/**
 * A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl the way
 * Docker's "Protect the Docker daemon socket" guide makes them.
 */
export function makeTlsFiles(dir: string, prefix = ''): TlsFiles {
  mkdirSync(dir, { recursive: true });
  const f = (name: string) => join(dir, `${prefix}${name}`);
  const run = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  run(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=sutazai test CA',
    '-keyout',
    f('ca-key.pem'),
    '-out',
    f('ca.pem'),
  );
  const sign = (name: string, subject: string, ext: string) => {
    run(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      subject,
      '-keyout',
      f(`${name}-key.pem`),
      '-out',
      f(`${name}.csr`),
    );
    writeFileSync(f(`${name}.ext`), ext);
    run(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca-key.pem'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      f(`${name}.ext`),
      '-out',
      f(`${name}.pem`),
    );
  };
  sign('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  sign('client', '/CN=sutazai client', 'extendedKeyUsage=clientAuth\n');
  return {
    ca: f('ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server-key.pem'),
    clientCert: f('client.pem'),
    clientKey: f('client-key.pem'),
  };
}

export function sshdAvailable(): string | undefined {
  try {
    execFileSync('/usr/sbin/sshd', ['-V'], { stdio: 'ignore' });
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'sshd is not installed (openssh-server)' : undefined;
  }
}

/**
 * OpenSSH's sshd on a loopback port with a generated host key, letting in one generated client
 * key. Its sessions get DOCKER_HOST, so `docker system dial-stdio` (what an ssh:// engine runs)
 * reaches the given engine socket. `knownHosts` holds the host key as `ssh-keyscan` would write it.
 */
export class SshServer {
  readonly clientKey: string;
  readonly knownHosts: string;
  readonly hostPublicKey: string;
  private child: ChildProcess | undefined;

  constructor(
    private readonly dir: string,
    readonly port: number,
    dockerSocket: string,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const key = (name: string) =>
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', join(dir, name)]);
    key('host_key');
    key('client_key');
    this.clientKey = join(dir, 'client_key');
    this.hostPublicKey = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
    this.knownHosts = join(dir, 'known_hosts');
    writeFileSync(this.knownHosts, `[127.0.0.1]:${port} ${this.hostPublicKey}\n`);
    const clientPublic = readFileSync(join(dir, 'client_key.pub'), 'utf8').trim();
    writeFileSync(join(dir, 'authorized_keys'), `environment="DOCKER_HOST=unix://${dockerSocket}" ${clientPublic}\n`, {
      mode: 0o600,
    });
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitUserEnvironment yes',
        'StrictModes no',
        'UsePAM no',
        '',
      ].join('\n'),
    );
  }

  async start(): Promise<void> {
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    this.child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(this.dir, 'sshd_config')], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`sshd exited with ${this.child.exitCode}`);
      try {
        execFileSync('ssh-keyscan', ['-p', String(this.port), '127.0.0.1'], { stdio: ['ignore', 'pipe', 'ignore'] });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('sshd did not start within 10 s');
  }

  /** Cuts the link: the listener stops and the sessions it forked (streams still open) end with it. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    let sessions: number[] = [];
    try {
      sessions = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' })
        .split('\n')
        .map(Number)
        .filter((pid) => pid > 0);
    } catch {
      // no session open
    }
    for (const pid of sessions) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    this.child = undefined;
  }
}
