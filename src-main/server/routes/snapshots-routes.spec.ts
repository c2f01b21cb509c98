import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestorePlan, SnapshotSummary } from '../../../src-shared/api';
import { startBrowserApi, type BrowserApi } from '../../../test-support/browser-api';
import { cleanupTestObjects, testEngine, testName, TEST_IMAGE } from '../../../test-support/engine';
import { openApiChecker } from '../../../test-support/openapi-check';

const engine = await testEngine();

describe.skipIf(!engine.available)('the snapshot endpoints of the local API', () => {
  const run = testName('snaproutes');
  const templates = mkdtempSync(join(tmpdir(), 'sutazai-snaproutes-'));
  let api: BrowserApi;
  let check: ReturnType<typeof openApiChecker>;
  const post = (path: string, body: unknown) => api.request(path, { method: 'POST', body: JSON.stringify(body) });
  const conforms = (
    method: string,
    path: string,
    r: { status: number; json: () => unknown },
    media = 'application/json',
  ) => expect(check.errors(method, path, r.status, media, r.json())).toEqual([]);

  beforeAll(async () => {
    writeFileSync(
      join(templates, 'compose.yml'),
      JSON.stringify({
        services: {
          files: {
            image: TEST_IMAGE,
            command: ['sh', '-c', "echo kept > /data/file; trap 'exit 0' TERM; while true; do sleep 1; done"],
            volumes: ['files_data:/data'],
            labels: { 'ai.sutazai.test': run },
          },
        },
        volumes: { files_data: {} },
      }),
    );
    api = await startBrowserApi({ templatesDir: templates, env: { SUTAZAI_SNAPSHOT_HELPER: TEST_IMAGE } });
    check = openApiChecker((await api.request('/api/v1/openapi.json')).json());
    expect((await api.running.core.stack.up(undefined, true)).error).toBeUndefined();
  }, 120_000);

  afterAll(async () => {
    await api?.running.core.stack.down(undefined, true).catch(() => undefined);
    await api?.stop();
    await cleanupTestObjects(engine.docker, run);
    rmSync(templates, { recursive: true, force: true });
  }, 120_000);

  it('creates a snapshot with NDJSON progress, lists, verifies, restores after its plan, and deletes it, as documented', async () => {
    const plan = await post('/api/v1/snapshots/plan', {});
    expect(plan.status).toBe(200);
    conforms('POST', '/api/v1/snapshots/plan', plan);
    expect(plan.json<{ services: { service: string; method: string }[] }>().services).toEqual([
      expect.objectContaining({ service: 'files', method: 'stop' }),
    ]);

    const created = await post('/api/v1/snapshots/create', { label: 'over http' });
    expect(created.status).toBe(200);
    expect(created.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = created.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const line of lines)
      expect(check.errors('POST', '/api/v1/snapshots/create', 200, 'application/x-ndjson', line)).toEqual([]);
    expect(lines.slice(0, -1).every((l) => l.operation === 'create')).toBe(true);
    expect(lines.map((l) => l.phase)).toContain('capturing');
    const summary = lines.at(-1) as unknown as SnapshotSummary;
    expect(summary).toMatchObject({ label: 'over http', services: [{ service: 'files', method: 'stop' }] });

    const list = await api.request('/api/v1/snapshots');
    conforms('GET', '/api/v1/snapshots', list);
    expect(list.json<SnapshotSummary[]>().map((s) => s.id)).toEqual([summary.id]);

    const verified = await post('/api/v1/snapshots/verify', { id: summary.id });
    conforms('POST', '/api/v1/snapshots/verify', verified);
    expect(verified.json()).toMatchObject({ id: summary.id, ok: true });

    const refused = await post('/api/v1/snapshots/restore', { id: summary.id, confirmToken: 'never shown' });
    expect([refused.status, refused.json<{ error: { code: string } }>().error.code]).toEqual([409, 'CONFLICT']);
    conforms('POST', '/api/v1/snapshots/restore', refused);
    const restorePlan = await post('/api/v1/snapshots/restore-plan', { id: summary.id });
    conforms('POST', '/api/v1/snapshots/restore-plan', restorePlan);
    const restored = await post('/api/v1/snapshots/restore', {
      id: summary.id,
      confirmToken: restorePlan.json<RestorePlan>().confirmToken,
    });
    expect(restored.status).toBe(200);
    conforms('POST', '/api/v1/snapshots/restore', restored);
    expect(restored.json()).toMatchObject({ started: [{ service: 'files', ready: true }] });

    const once = await post('/api/v1/snapshots/create', { stream: false });
    expect(once.headers.get('content-type')).toBe('application/json; charset=utf-8');
    conforms('POST', '/api/v1/snapshots/create', once);

    const deleted = await post('/api/v1/snapshots/delete', { id: summary.id });
    conforms('POST', '/api/v1/snapshots/delete', deleted);
    expect(deleted.json()).toEqual({ deleted: summary.id });
    expect((await api.request('/api/v1/snapshots')).json<SnapshotSummary[]>().map((s) => s.id)).toEqual([
      once.json<SnapshotSummary>().id,
    ]);
  });

  it('refuses what it cannot do with the error body, naming the field', async () => {
    const cases: [string, unknown, number, string][] = [
      ['/api/v1/snapshots/verify', { id: '../etc' }, 400, 'body.id: a snapshot id such as sutazai-20250101-120000'],
      ['/api/v1/snapshots/verify', { id: 'sutazai-20990101-000000' }, 404, 'No snapshot sutazai-20990101-000000'],
      ['/api/v1/snapshots/create', { methods: { files: 'sometimes' } }, 400, 'body.methods.files: Invalid option'],
      ['/api/v1/snapshots/create', { passphrase: 'short' }, 400, 'body.passphrase: at least 8 characters'],
      ['/api/v1/snapshots/create', { destination: 'relative' }, 400, 'body.destination: an absolute folder path'],
      [
        '/api/v1/snapshots/clone',
        { id: 'sutazai-20990101-000000', project: 'Bad Name' },
        400,
        'body.project: a project name',
      ],
      ['/api/v1/snapshots/schedule/set', { time: '25:00' }, 400, 'body.time: a time of day such as 03:30'],
      ['/api/v1/snapshots/schedule/set', { keep: 0 }, 400, 'body.keep: keep at least one'],
    ];
    for (const [path, body, status, message] of cases) {
      const r = await post(path, body);
      expect([r.status, r.json<{ error: { message: string } }>().error.message], path).toEqual([
        status,
        expect.stringContaining(message),
      ]);
      conforms('POST', path, r);
    }
  });

  it('reads and sets the schedule', async () => {
    const set = await post('/api/v1/snapshots/schedule/set', {
      enabled: true,
      frequency: 'weekly',
      weekday: 1,
      time: '02:15',
      keep: 4,
    });
    conforms('POST', '/api/v1/snapshots/schedule/set', set);
    const view = await api.request('/api/v1/snapshots/schedule');
    conforms('GET', '/api/v1/snapshots/schedule', view);
    const body = view.json<{ settings: Record<string, unknown>; nextRunAt: string }>();
    expect(body.settings).toMatchObject({ enabled: true, frequency: 'weekly', weekday: 1, time: '02:15', keep: 4 });
    expect(new Date(body.nextRunAt).getDay()).toBe(1);
  });
});
