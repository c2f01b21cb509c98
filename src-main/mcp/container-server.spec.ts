import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tar from 'tar-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpServerView } from '../../src-shared/api';
import { cleanupTestObjects, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { EventLog } from '../events';
import { openDatabase, SecretStore, type Db } from '../store';
import { Supervisor } from '../supervisor';
import { containerName, removeServerContainer } from './container-server';
import { ContainerStdioTransport } from './container-transport';
import { McpManager } from './mcp-manager';
import { McpServerRepository } from './mcp-server-repository';
import { nodeRuntime } from './node-runtime';
import { NpmInstaller } from './npm-installer';

const engine = await testEngine();
const BASE = 'sutazai-test/debian-base:12';
const hasBase =
  engine.available &&
  (await engine.docker
    .getImage(BASE)
    .inspect()
    .then(
      () => true,
      () => false,
    ));
/** The memory server from npm in a local image: this Node on the Debian base the service images use. */
const IMAGE = 'sutazai-test/mcp-server-memory:2026.8.31';

async function until<T>(what: string, get: () => T | undefined | false, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!hasBase)('an MCP server as a container of the stack, kept alive by the stack’s supervisor', () => {
  const docker = engine.docker;
  const run = testName('mcp-box');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-mcp-box-'));
  let db: Db;
  let events: EventLog;
  let mcp: McpManager;
  let supervisor: Supervisor;

  beforeAll(async () => {
    if (
      !(await docker
        .getImage(IMAGE)
        .inspect()
        .then(
          () => true,
          () => false,
        ))
    ) {
      const context = join(dir, 'context');
      const installer = new NpmInstaller(join(context, 'npm'), nodeRuntime());
      await installer.install('@modelcontextprotocol/server-memory', '2026.8.31', () => undefined);
      copyFileSync(process.execPath, join(context, 'node'));
      writeFileSync(
        join(context, 'Dockerfile'),
        `FROM ${BASE}\nCOPY node /usr/local/bin/node\nCOPY npm /opt/mcp\nENTRYPOINT ["/usr/local/bin/node", "/opt/mcp/node_modules/@modelcontextprotocol/server-memory/dist/index.js"]\n`,
      );
      const stream = await docker.buildImage(tar.pack(context), { t: IMAGE, labels: { [TEST_LABEL]: 'mcp-image' } });
      await new Promise<void>((resolve, reject) =>
        docker.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) =>
          err || out.some((o) => o.error) ? reject(err ?? new Error(out.find((o) => o.error)!.error)) : resolve(),
        ),
      );
    }
    db = openDatabase(join(dir, 'db.sqlite'));
    events = new EventLog(db);
    supervisor = new Supervisor({
      docker,
      project,
      events,
      policy: { baseMs: 200, capMs: 2000, jitter: 0, maxRestarts: 5, windowMs: 600_000 },
    });
    supervisor.start();
    const runtime = nodeRuntime();
    mcp = new McpManager({
      repository: new McpServerRepository(db),
      secrets: new SecretStore(db),
      installer: new NpmInstaller(join(dir, 'npm'), runtime),
      runtime,
      record: (e) => events.record(e),
      project,
      version: '0.0.0-test',
      policy: { baseMs: 300, capMs: 2000, jitter: 0, resetAfterMs: 600_000, maxRestarts: 5, windowMs: 600_000 },
      containers: {
        transport: (record, plan, log) =>
          new ContainerStdioTransport({
            docker,
            project,
            serverId: record.id,
            image: plan.transport.kind === 'container' ? plan.transport.image : '',
            args: [],
            env: plan.env,
            folders: record.folders,
            log,
            labels: { [TEST_LABEL]: run },
          }),
        remove: (record) => removeServerContainer(docker, project, record.id),
      },
    });
    mcp.start();
  }, 300_000);

  afterAll(async () => {
    mcp?.dispose();
    supervisor?.dispose();
    await cleanupTestObjects(docker, run);
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const view = (id: string): McpServerView => mcp.views().find((v) => v.id === id)!;

  it('runs in a labelled container, answers over stdin/stdout, comes back after a crash with its data', async () => {
    const added = await mcp.add({ name: 'memory box', transport: { kind: 'container', image: IMAGE, args: [] } });
    const up = await until('running', () => view(added.id).state === 'running' && view(added.id));
    expect(up.tools.map((t) => t.name)).toContain('read_graph');
    const info = await docker.getContainer(containerName(project, added.id)).inspect();
    expect(info.Config.Labels).toMatchObject({
      'com.docker.compose.project': project,
      'com.docker.compose.service': `mcp-${added.id}`,
      'ai.sutazai.tier': 'optional',
      'ai.sutazai.category': 'mcp',
    });
    const signal = new AbortController().signal;
    await mcp.call(
      added.id,
      'create_entities',
      { entities: [{ name: 'box', entityType: 'container', observations: ['kept across a crash'] }] },
      { signal, timeoutMs: 10_000 },
    );

    // The server's process dies without anyone stopping it: a crash, as the supervisor sees one.
    const top = await docker.getContainer(containerName(project, added.id)).top();
    const pid = Number(top.Processes[0]![top.Titles.indexOf('PID')]);
    process.kill(pid, 'SIGKILL');
    await until('restart scheduled', () =>
      events.list({ service: `mcp-${added.id}` }).some((e) => e.kind === 'restart-scheduled'),
    );
    await until('running again', () => view(added.id).state === 'running' && view(added.id).restarts >= 1);
    const graph = await mcp.call(added.id, 'read_graph', {}, { signal, timeoutMs: 10_000 });
    expect(graph.text).toContain('kept across a crash');

    await mcp.remove(added.id);
    await expect(docker.getContainer(containerName(project, added.id)).inspect()).rejects.toMatchObject({
      statusCode: 404,
    });
  }, 120_000);

  it('an image that cannot be had fails with the reason, and is not retried in a loop', async () => {
    const added = await mcp.add({
      name: 'missing image',
      transport: { kind: 'container', image: 'sutazai-test/no-such-mcp-image:1', args: [] },
    });
    const failed = await until('failed', () => view(added.id).state === 'failed' && view(added.id));
    expect(failed.error).toMatch(/^Could not pull sutazai-test\/no-such-mcp-image:1: /);
  }, 120_000);
});
