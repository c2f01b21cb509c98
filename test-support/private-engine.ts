import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { TEST_IMAGE } from './engine';

/**
 * A second, private Docker engine for tests that must stop and restart the engine without
 * disturbing anyone else's: its own socket, data root, exec root, containerd namespace and bridge,
 * and no iptables rules. Needs root and dockerd; the test image is copied in with save/load.
 */
export class PrivateEngine {
  readonly dir: string;
  readonly socket: string;
  /** A bridge of its own: with `--bridge=none` dockerd deletes the host's docker0 on start. */
  readonly bridge: string;
  private child: ChildProcess | undefined;

  /**
   * `args` go to dockerd (another listener, say); `bridgeAddress` and `namespace` keep two private
   * engines of concurrent specs apart (their bridges' subnets, their containerd namespaces); with
   * `netns` (a network namespace under /run/netns) the engine and its bridge live in it, off the host's network.
   */
  constructor(
    private readonly o: { args?: string[]; bridgeAddress?: string; namespace?: string; netns?: string } = {},
  ) {
    this.dir = mkdtempSync('/tmp/sutazai-engine-');
    this.socket = join(this.dir, 'docker.sock');
    this.bridge = `sutazt${process.pid % 100000}`;
  }

  static available(): string | undefined {
    if (process.getuid?.() !== 0) return 'not root';
    try {
      execFileSync('ip', ['-V'], { stdio: 'ignore' });
    } catch {
      return 'iproute2 (ip) is not installed';
    }
    try {
      execFileSync('dockerd', ['--version'], { stdio: 'ignore' });
    } catch {
      return 'dockerd is not installed';
    }
    return undefined;
  }

  get docker(): Docker {
    return new Docker({ socketPath: this.socket });
  }

  async start(): Promise<void> {
    const d = this.dir;
    const ip = (...a: string[]) => execFileSync('ip', [...(this.o.netns ? ['-n', this.o.netns] : []), ...a]);
    try {
      execFileSync('ip', [...(this.o.netns ? ['-n', this.o.netns] : []), 'link', 'show', this.bridge], {
        stdio: 'ignore',
      });
    } catch {
      ip('link', 'add', this.bridge, 'type', 'bridge');
      ip('addr', 'add', this.o.bridgeAddress ?? '192.0.2.1/24', 'dev', this.bridge);
      ip('link', 'set', this.bridge, 'up');
    }
    const [command, prefix] = this.o.netns
      ? ['nsenter', [`--net=/run/netns/${this.o.netns}`, 'dockerd']]
      : ['dockerd', [] as string[]];
    this.child = spawn(
      command,
      [
        ...prefix,
        '--host',
        `unix://${this.socket}`,
        '--data-root',
        join(d, 'data'),
        '--exec-root',
        join(d, 'exec'),
        '--pidfile',
        join(d, 'pid'),
        '--bridge',
        this.bridge,
        '--iptables=false',
        '--ip-masq=false',
        '--containerd-namespace',
        this.o.namespace ?? 'sutazai-test',
        '--containerd-plugins-namespace',
        `${this.o.namespace ?? 'sutazai-test'}-plugins`,
        ...(this.o.args ?? []),
      ],
      { stdio: 'ignore', detached: false },
    );
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        await this.docker.ping();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new Error('the private dockerd did not start within 30 s');
  }

  /** Stops the engine the way a restart or crash would: its containers go down with it. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    this.child = undefined;
  }

  loadTestImage(): void {
    execFileSync('sh', ['-c', 'docker save "$1" | docker -H "unix://$2" load', 'sh', TEST_IMAGE, this.socket], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }

  async destroy(): Promise<void> {
    try {
      const list = await this.docker.listContainers({ all: true });
      await Promise.all(list.map((c) => this.docker.getContainer(c.Id).remove({ force: true })));
    } catch {
      // the engine is already gone
    }
    await this.stop();
    const pidFile = join(this.dir, 'pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8'));
      try {
        process.kill(pid, 'SIGKILL');
        // Its mounts can only be undone once it is gone.
        for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      } catch {
        // not running
      }
    }
    // Whatever the engine left mounted under its folders (overlays, the host network namespace's
    // bind mount for `network_mode: host` containers), deepest first.
    const mounts = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
      .filter((m): m is string => !!m && m.startsWith(`${this.dir}/`))
      .sort((a, b) => b.length - a.length);
    for (const mounted of mounts) {
      try {
        execFileSync('umount', ['-l', mounted], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
    try {
      execFileSync('ip', [...(this.o.netns ? ['-n', this.o.netns] : []), 'link', 'delete', this.bridge], {
        stdio: 'ignore',
      });
    } catch {
      // already gone
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
