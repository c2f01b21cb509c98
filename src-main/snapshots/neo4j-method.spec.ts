import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, testEngine, testName, TEST_IMAGE } from '../../test-support/engine';
import { snapshotHarness } from '../../test-support/snapshot-stack';
import { execText } from './exec-stream';
import { neo4jDumpCommand, neo4jLoadCommand } from './neo4j-method';

const engine = await testEngine();

/**
 * Neo4j cannot run here (no image can be pulled). A stand-in image named like Neo4j's has a
 * `neo4j-admin` that records its arguments, refuses to dump while the "server" runs (as Neo4j
 * Community does), and dumps or loads a file per database: the commands below are the exact ones a
 * snapshot and a restore run, in containers of the service's own image, with the service stopped.
 */
const NEO4J_ADMIN = `#!/bin/sh
echo "$*" >> /data/neo4j-admin.calls
[ "$1" = "--version" ] && { echo "neo4j-admin 5.26.0"; exit 0; }
if [ "$1 $2" = "database dump" ] && [ "$4" = "--to-stdout" ] && [ $# -eq 4 ]; then
  [ -e /data/server.pid ] && { echo "The database is in use. Stop database '$3' and try again." >&2; exit 1; }
  cat "/data/databases/$3"; exit $?
fi
if [ "$1 $2" = "database load" ] && [ "$4 $5" = "--from-stdin --overwrite-destination=true" ] && [ $# -eq 5 ]; then
  mkdir -p /data/databases && cat > "/data/databases/$3"; exit $?
fi
echo "neo4j-admin: unknown command: $*" >&2; exit 64
`;

const SERVER =
  "mkdir -p /data/databases; [ -f /data/databases/neo4j ] || { echo graph-v1 > /data/databases/neo4j; echo users-v1 > /data/databases/system; }; echo $$ > /data/server.pid; trap 'rm -f /data/server.pid; exit 0' TERM; while true; do sleep 1; done";

describe.skipIf(!engine.available)('neo4j-admin dump and load (a stand-in image; Neo4j itself is not run)', () => {
  const docker = engine.docker;
  const run = testName('snapneo4j');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const image = `sutazai-test/neo4j:standin-${process.pid}`;
  const templates = mkdtempSync(join(tmpdir(), 'sutazai-neo4j-templates-'));
  let h: ReturnType<typeof snapshotHarness>;
  const graph = async () =>
    (
      await docker.listContainers({
        all: true,
        filters: JSON.stringify({
          label: [`com.docker.compose.project=${project}`, 'com.docker.compose.service=graph'],
        }),
      })
    )[0]!;
  const read = async (file: string) => (await execText(docker, (await graph()).Id, { cmd: ['cat', file] })).stdout;

  beforeAll(async () => {
    const context = pack();
    context.entry({ name: 'Dockerfile' }, `FROM ${TEST_IMAGE}\nCOPY neo4j-admin /bin/neo4j-admin\n`);
    context.entry({ name: 'neo4j-admin', mode: 0o755 }, NEO4J_ADMIN);
    context.finalize();
    const stream = await docker.buildImage(context as unknown as NodeJS.ReadableStream, {
      t: image,
      labels: { 'ai.sutazai.test': run },
    });
    await new Promise((resolve, reject) =>
      docker.modem.followProgress(stream, (err) => (err ? reject(err) : resolve(undefined))),
    );
    writeFileSync(
      join(templates, 'compose.yml'),
      JSON.stringify({
        services: {
          graph: { image, command: ['sh', '-c', SERVER.replace(/\$/g, '$$$$')], volumes: ['graph_data:/data'] },
          app: {
            image: TEST_IMAGE,
            command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"],
            depends_on: ['graph'],
          },
        },
        volumes: { graph_data: {} },
      }),
    );
    h = snapshotHarness(docker, { project, templatesDir: templates, run });
    expect((await h.stack.up(undefined, true)).error).toBeUndefined();
    for (let i = 0; i < 50 && !(await read('/data/server.pid')); i++) await new Promise((r) => setTimeout(r, 100));
  }, 300_000);

  afterAll(async () => {
    await h?.stack.down(undefined, true).catch(() => undefined);
    await cleanupTestObjects(docker, run);
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined);
    rmSync(templates, { recursive: true, force: true });
    if (h) rmSync(h.home, { recursive: true, force: true });
  }, 120_000);

  it('dumps system and neo4j with the database stopped, and loads them back into a fresh volume on restore', async () => {
    expect(neo4jDumpCommand('neo4j')).toEqual(['neo4j-admin', 'database', 'dump', 'neo4j', '--to-stdout']);
    expect(neo4jLoadCommand('neo4j')).toEqual([
      'neo4j-admin',
      'database',
      'load',
      'neo4j',
      '--from-stdin',
      '--overwrite-destination=true',
    ]);
    const plan = await h.snapshots.plan();
    expect(plan.services).toEqual([
      expect.objectContaining({ service: 'graph', method: 'neo4j-dump', stops: ['app', 'graph'] }),
    ]);
    const summary = await h.snapshots.create();
    const calls = (await read('/data/neo4j-admin.calls')).split('\n').filter((l) => l.startsWith('database'));
    expect(calls).toEqual(['database dump system --to-stdout', 'database dump neo4j --to-stdout']);
    const manifest = JSON.parse(readFileSync(join(summary.folder, summary.id, 'manifest.json'), 'utf8'));
    expect(manifest.volumes[0]).toMatchObject({
      key: 'graph_data',
      method: 'neo4j-dump',
      archives: [
        { file: 'services/graph/system.dump', kind: 'neo4j-dump', name: 'system', bytes: 'users-v1\n'.length },
        { file: 'services/graph/neo4j.dump', kind: 'neo4j-dump', name: 'neo4j', bytes: 'graph-v1\n'.length },
      ],
    });
    expect((await graph()).State).toBe('running');
    expect(await read('/data/server.pid')).not.toBe('');

    await execText(docker, (await graph()).Id, { cmd: ['sh', '-c', 'echo graph-v2 > /data/databases/neo4j'] });
    const restorePlan = await h.snapshots.restorePlan(summary.id);
    expect(restorePlan.stops).toEqual(['app', 'graph']);
    const report = await h.snapshots.restore({ id: summary.id, confirmToken: restorePlan.confirmToken });
    expect(report.started.every((s) => s.ready)).toBe(true);
    expect(await read('/data/databases/neo4j')).toBe('graph-v1\n');
    expect(await read('/data/databases/system')).toBe('users-v1\n');
    // The volume now holds what the loads wrote into the staging volume: exactly these two commands.
    expect((await read('/data/neo4j-admin.calls')).trim().split('\n')).toEqual([
      'database load system --from-stdin --overwrite-destination=true',
      'database load neo4j --from-stdin --overwrite-destination=true',
    ]);
  });
});
