import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSummary } from '../../src-shared/api';
import { runCli } from '../cli/run-cli';
import { createCore } from '../core';
import { TEST_IMAGE, testEngine, testName, TEST_LABEL } from '../../test-support/engine';
import { PrivateEngine } from '../../test-support/private-engine';
import { freePort, makeTlsFiles, SshServer, sshdAvailable } from '../../test-support/remote-access';

const engine = await testEngine();
const blocker = engine.available ? (PrivateEngine.available() ?? sshdAvailable()) : 'no engine';

describe.skipIf(blocker !== undefined)(
  'remote engines over SSH and TCP with TLS (a second dockerd on loopback)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'sutazai-remote-'));
    const tls = makeTlsFiles(join(dir, 'tls'));
    let tcpPort = 0;
    let priv: PrivateEngine;
    let sshd: SshServer;
    const env: NodeJS.ProcessEnv = { ...process.env, SUTAZAI_HOME: join(dir, 'home'), HOME: join(dir, 'user') };
    env.SUTAZAI_PROBE_IMAGE = TEST_IMAGE;
    delete env.DOCKER_HOST;
    delete env.DOCKER_CONTEXT;
    delete env.SSH_AUTH_SOCK;

    async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
      let out = '';
      let err = '';
      const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env, isTTY: false });
      return { code, out, err };
    }
    async function listed(): Promise<EngineSummary[]> {
      const r = await cli('engines', 'list', '--json');
      expect(r.err).toBe('');
      return JSON.parse(r.out) as EngineSummary[];
    }

    beforeAll(async () => {
      tcpPort = await freePort();
      priv = new PrivateEngine({
        bridgeAddress: '198.51.100.1/24',
        namespace: 'sutazai-remote-test',
        args: [
          '--host',
          `tcp://127.0.0.1:${tcpPort}`,
          '--tlsverify',
          '--tlscacert',
          tls.ca,
          '--tlscert',
          tls.serverCert,
          '--tlskey',
          tls.serverKey,
        ],
      });
      await priv.start();
      priv.loadTestImage();
      sshd = new SshServer(join(dir, 'ssh'), await freePort(), priv.socket);
      await sshd.start();
    });

    afterAll(async () => {
      await sshd?.stop();
      await priv?.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    it('adds an engine over TCP with TLS client certificates and shows what it is', async () => {
      const r = await cli(
        'engines',
        'add',
        'gpu-box',
        `tcp://127.0.0.1:${tcpPort}`,
        '--tls-ca',
        tls.ca,
        '--tls-cert',
        tls.clientCert,
        '--tls-key',
        tls.clientKey,
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const info = (await priv.docker.info()) as { ServerVersion: string; NCPU: number; MemTotal: number };
      const box = (await listed()).find((e) => e.name === 'gpu-box')!;
      expect(box).toMatchObject({
        kind: 'tcp',
        origin: 'added',
        connected: true,
        current: false,
        version: info.ServerVersion,
        cpus: info.NCPU,
        memoryBytes: info.MemTotal,
        swarm: 'none',
      });
    });

    it("checks a start's ports against what the engine's own containers publish, not against this machine", async () => {
      expect((await cli('engines', 'use', 'gpu-box')).code).toBe(0);
      const run = testName('remote-ports');
      const port = await freePort();
      const holder = await priv.docker.createContainer({
        name: run,
        Image: TEST_IMAGE,
        Cmd: ['sleep', '600'],
        Labels: { [TEST_LABEL]: run },
        ExposedPorts: { '80/tcp': {} },
        HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } },
      });
      await holder.start();
      const templates = join(dir, 'ports-templates');
      mkdirSync(templates, { recursive: true });
      writeFileSync(
        join(templates, 'stack.yml'),
        `services:\n  web:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "600"]\n    profiles: [web]\n    ports: ["127.0.0.1:${port}:80"]\n`,
      );
      const project = run.replace(/[^a-z0-9-]/g, '');
      const core = createCore({ mode: 'cli', env, templatesDir: templates, project });
      try {
        expect(core.engine.endpoint.url).toBe(`tcp://127.0.0.1:${tcpPort}`);
        await expect(core.stack.up('web', false)).rejects.toThrow(
          new RegExp(
            `port ${port} on 127\\.0\\.0\\.1 \\(service web\\) is already taken by ${run} on the engine's machine`,
          ),
        );
        const created = await priv.docker.listContainers({
          all: true,
          filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
        });
        expect(created).toEqual([]);
      } finally {
        core.dispose();
        await holder.remove({ force: true });
        expect((await cli('engines', 'use', 'local')).code).toBe(0);
      }
    });

    it("reaches the stack's Ollama on the engine's machine through the engine connection, publishing nothing more there", async () => {
      expect((await cli('engines', 'use', 'gpu-box')).code).toBe(0);
      const run = testName('remote-ollama');
      const project = run.replace(/[^a-z0-9-]/g, '');
      const published = await freePort();
      // An HTTP server in the place of Ollama: the stack's ollama service, published on that machine's loopback only.
      const ollama = await priv.docker.createContainer({
        name: run,
        Image: TEST_IMAGE,
        Cmd: [
          'sh',
          '-c',
          'mkdir -p /www/api && echo \'{"version":"through-the-engine"}\' > /www/api/version && exec httpd -f -p 11434 -h /www',
        ],
        Labels: { [TEST_LABEL]: run, 'com.docker.compose.project': project, 'com.docker.compose.service': 'ollama' },
        ExposedPorts: { '11434/tcp': {} },
        HostConfig: { PortBindings: { '11434/tcp': [{ HostIp: '127.0.0.1', HostPort: String(published) }] } },
      });
      await ollama.start();
      const core = createCore({ mode: 'cli', env, project });
      try {
        const endpoint = await core.models.endpoint();
        expect(endpoint.source).toBe('stack');
        const url = new URL(endpoint.url);
        expect(url.hostname).toBe('127.0.0.1');
        expect(Number(url.port)).not.toBe(published);
        for (let i = 0; i < 3; i++) {
          const r = await fetch(`${endpoint.url}/api/version`);
          expect(await r.json()).toEqual({ version: 'through-the-engine' });
        }
        const relay = await priv.docker.getContainer(`${project}-engine-relay`).inspect();
        expect(relay.HostConfig.NetworkMode).toBe('host');
        expect(relay.HostConfig.PortBindings ?? {}).toEqual({});
      } finally {
        core.dispose();
        await ollama.remove({ force: true });
        await priv.docker
          .getContainer(`${project}-engine-relay`)
          .remove({ force: true })
          .catch(() => undefined);
        expect((await cli('engines', 'use', 'local')).code).toBe(0);
      }
    });

    it('refuses TLS with a CA that did not sign the engine, and plain TCP to another machine', async () => {
      const other = makeTlsFiles(join(dir, 'other-tls'));
      await cli(
        'engines',
        'add',
        'wrong-ca',
        `tcp://127.0.0.1:${tcpPort}`,
        '--tls-ca',
        other.ca,
        '--tls-cert',
        other.clientCert,
        '--tls-key',
        other.clientKey,
      );
      const wrong = (await listed()).find((e) => e.name === 'wrong-ca')!;
      expect(wrong.connected).toBe(false);
      expect(wrong.error).toMatch(/certificate/i);
      const plain = await cli('engines', 'add', 'plain', 'tcp://203.0.113.9:2375');
      expect(plain.code).toBe(1);
      expect(plain.err).toMatch(/without TLS/);
      expect(plain.err).toMatch(/fix: Give the CA/);
      expect((await cli('engines', 'remove', 'wrong-ca')).code).toBe(0);
    });

    it('adds an engine over SSH with the host key checked against known_hosts', async () => {
      const url = `ssh://root@127.0.0.1:${sshd.port}`;
      const r = await cli(
        'engines',
        'add',
        'ssh-box',
        url,
        '--identity',
        sshd.clientKey,
        '--known-hosts',
        sshd.knownHosts,
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const box = (await listed()).find((e) => e.name === 'ssh-box')!;
      expect(box).toMatchObject({ kind: 'ssh', connected: true, version: (await priv.docker.version()).Version });

      const empty = join(dir, 'empty_known_hosts');
      writeFileSync(empty, '');
      await cli('engines', 'add', 'unknown-key', url, '--identity', sshd.clientKey, '--known-hosts', empty);
      const changed = join(dir, 'changed_known_hosts');
      writeFileSync(changed, `[127.0.0.1]:${sshd.port} ${otherHostKey()}\n`);
      await cli('engines', 'add', 'changed-key', url, '--identity', sshd.clientKey, '--known-hosts', changed);
      const all = await listed();
      expect(all.find((e) => e.name === 'unknown-key')).toMatchObject({
        connected: false,
        error: `The host key of [127.0.0.1]:${sshd.port} is not in ${empty}`,
      });
      expect(all.find((e) => e.name === 'changed-key')!.error).toMatch(/does not match .* \(it changed\)/);
      await cli('engines', 'remove', 'unknown-key');
      await cli('engines', 'remove', 'changed-key');
    });

    it('runs the stack on the chosen engine (a profile with readiness and logs, host figures by probe) through a cut link', async () => {
      const used = await cli('engines', 'use', 'ssh-box');
      expect(used.code).toBe(0);
      expect(used.out).toMatch(/the stack now runs on 'ssh-box'/);
      expect((await listed()).find((e) => e.current)!.name).toBe('ssh-box');

      // A new core (the next start of the app or CLI) picks the chosen engine.
      const core = createCore({ mode: 'cli', env });
      try {
        expect(core.engine.endpoint.url).toBe(`ssh://root@127.0.0.1:${sshd.port}`);
        core.supervisor.start();
        const name = testName('remote');
        const created = await core.engine.docker.createContainer({
          name,
          Image: TEST_IMAGE,
          Cmd: ['sleep', '300'],
          Labels: { [TEST_LABEL]: name },
        });
        await created.start();
        const onRemote = await priv.docker.listContainers({ filters: JSON.stringify({ name: [name] }) });
        expect(onRemote.map((c) => c.State)).toEqual(['running']);
        const onLocal = await engine.docker.listContainers({ all: true, filters: JSON.stringify({ name: [name] }) });
        expect(onLocal).toEqual([]);

        // The machine's figures come from a probe container on that engine; on loopback its kernel is this one.
        const figures = await core.engines.hostFigures();
        expect(figures).toMatchObject({ engine: 'ssh-box', source: 'probe' });
        expect(figures.totalBytes).toBe(localMemTotal());
        expect(figures.availableBytes).toBeGreaterThan(0);
        expect(figures.availableBytes).toBeLessThanOrEqual(figures.totalBytes);
        const probe = await priv.docker.listContainers({ filters: JSON.stringify({ label: ['ai.sutazai.probe'] }) });
        expect(probe.map((c) => c.Names[0])).toEqual([`/${core.project}-host-probe`]);
        expect((await core.guard.tick()).budgetBytes).toBe(localMemTotal());
        // The Metrics page's host figures are that machine's too, and say so.
        const snapshot = await core.metrics.tick();
        expect(snapshot.host.probe).toMatchObject({ engine: 'ssh-box', fresh: true });
        expect(snapshot.host.memTotalBytes).toBe(localMemTotal());

        await sshd.stop();
        const down = await core.engineMonitor.check();
        expect(down.connected).toBe(false);
        expect(down.error).toMatch(/ECONNREFUSED|Nothing is listening/);
        // Once the probe's figures are stale the guard takes no decision on them.
        await new Promise((r) => setTimeout(r, 9000));
        await expect(core.engines.hostFigures()).rejects.toThrow(/No fresh host figures .*ECONNREFUSED/);
        await expect(core.guard.tick()).rejects.toThrow();
        const stale = (await core.metrics.tick()).host.probe;
        expect(stale).toMatchObject({ engine: 'ssh-box', fresh: false });
        expect(stale!.note).toMatch(/no fresh figures from the probe/);
        await sshd.start();
        expect((await core.engineMonitor.check()).connected).toBe(true);
        expect((await core.engines.hostFigures()).source).toBe('probe');
        // The events say when the link was down.
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline && !core.events.list({ kinds: ['engine-back'] }).length)
          await new Promise((r) => setTimeout(r, 250));
        expect(core.events.list({ kinds: ['engine-lost', 'engine-back'] }).map((e) => e.kind)).toEqual([
          'engine-back',
          'engine-lost',
        ]);
        // The link coming back restarted nothing: the same container, started once.
        const after = (await priv.docker.getContainer(created.id).inspect()) as {
          State: { Running: boolean };
          RestartCount: number;
        };
        expect(after.State.Running).toBe(true);
        expect(after.RestartCount).toBe(0);
        await priv.docker.getContainer(created.id).remove({ force: true });

        // Switching a running core: its one client now talks to the engine over TLS.
        expect((await core.engines.use('gpu-box')).current).toBe(true);
        expect((await core.engine.docker.info()).ID).toBe((await priv.docker.info()).ID);
        expect(core.engine.endpoint.url).toBe(`tcp://127.0.0.1:${tcpPort}`);
        expect((await core.engines.hostFigures()).source).toBe('probe');
      } finally {
        core.dispose();
      }

      // A profile end to end on the remote engine: readiness gating, logs, and a link cut in the middle.
      await cli('engines', 'use', 'ssh-box');
      const templates = join(dir, 'templates');
      mkdirSync(templates, { recursive: true });
      const run = testName('remote-stack');
      writeFileSync(join(templates, 'stack.yml'), remoteProfile(run));
      const project = run.replace(/[^a-z0-9-]/g, '');
      const stackCore = createCore({ mode: 'cli', env, templatesDir: templates, project });
      try {
        const report = await stackCore.stack.up('pair', true);
        expect(report.error).toBeUndefined();
        expect(report.services.map((x) => [x.service, x.ready])).toEqual([
          ['api', true],
          ['db', true],
        ]);
        const started = async (service: string) => {
          const [c] = await priv.docker.listContainers({
            filters: JSON.stringify({
              label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`],
            }),
          });
          return (await priv.docker.getContainer(c!.Id).inspect()).State.StartedAt;
        };
        const [dbStarted, apiStarted] = [await started('db'), await started('api')];
        // api waited for db's healthcheck (db is ready 1.5 s after it starts).
        expect(Date.parse(apiStarted)).toBeGreaterThanOrEqual(Date.parse(dbStarted) + 1400);
        expect((await stackCore.stack.ps()).map((x) => [x.service, x.state])).toEqual([
          ['api', 'running'],
          ['db', 'running'],
        ]);
        expect((await stackCore.logs.download({ services: ['api'], timestamps: false })).text).toMatch(/api up/);

        stackCore.supervisor.start();
        await sshd.stop();
        await new Promise((r) => setTimeout(r, 3000));
        await sshd.start();
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline && !stackCore.events.list({ kinds: ['engine-back'] }).length)
          await new Promise((r) => setTimeout(r, 250));
        expect(stackCore.events.list({ kinds: ['engine-lost', 'engine-back'] }).map((e) => e.kind)).toEqual([
          'engine-back',
          'engine-lost',
        ]);
        // Nothing that was running was restarted.
        expect([await started('db'), await started('api')]).toEqual([dbStarted, apiStarted]);
        await stackCore.stack.down(undefined, true);
        expect(
          await priv.docker.listContainers({
            all: true,
            filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
          }),
        ).toEqual([]);
      } finally {
        stackCore.dispose();
      }

      const removed = await cli('engines', 'remove', 'ssh-box');
      expect(removed.out).toMatch(/nothing on it was touched/);
      expect((await listed()).find((e) => e.current)!.name).toBe('local');
    }, 240_000);
  },
);

/** Two services: api may start once db's healthcheck passes. */
function remoteProfile(run: string): string {
  const svc = (name: string, command: string, extra: string) => `
  ${name}:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "${command}"]
    stop_grace_period: 1s
    labels:
      ${TEST_LABEL}: ${run}
    profiles: [pair]${extra}`;
  return `services:${svc(
    'db',
    'sleep 1.5; touch /tmp/ready; echo db up; exec sleep 600',
    `
    healthcheck:
      test: ["CMD-SHELL", "test -f /tmp/ready"]
      interval: 30s
      timeout: 5s
      retries: 3`,
  )}${svc(
    'api',
    'echo api up; exec sleep 600',
    `
    depends_on:
      db: { condition: service_healthy }`,
  )}
`;
}

function localMemTotal(): number {
  return Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
}

/** A valid ed25519 public key that is not the test server's. */
function otherHostKey(): string {
  return 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
}
