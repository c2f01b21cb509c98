import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActOutcome, Plan } from '../../../src-shared/api/features/planner';
import { startBrowserApi, type BrowserApi } from '../../../test-support/browser-api';
import { TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../../test-support/engine';
import { startOllamaApiServer, type OllamaApiServer } from '../../../test-support/ollama-api-server';
import { openApiChecker } from '../../../test-support/openapi-check';
import { listProjectContainers } from '../../engine';

const engine = await testEngine();
const MiB = 1024 * 1024;

describe.skipIf(!engine.available)('POST /api/v1/plan and POST /api/v1/act', () => {
  const run = testName('planner-routes');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-planner-routes-'));
  let api: BrowserApi;
  let ollama: OllamaApiServer;
  let check: ReturnType<typeof openApiChecker>;

  beforeAll(async () => {
    writeFileSync(
      join(dir, 'compose.yml'),
      `services:\n  big:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "60"]\n    stop_grace_period: 1s\n` +
        `    labels: {ai.sutazai.tier: critical, ${TEST_LABEL}: ${run}}\n    profiles: [big]\n` +
        `    deploy: {resources: {reservations: {memory: 128M}}}\n`,
    );
    ollama = await startOllamaApiServer({ installed: ['tinyllama:latest'] });
    api = await startBrowserApi({ templatesDir: dir, project, ollamaUrl: ollama.url, memoryBudgetBytes: 64 * MiB });
    check = openApiChecker((await api.request('/api/v1/openapi.json')).json());
  });
  afterAll(async () => {
    await api?.stop();
    await ollama?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown) =>
    api.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

  it('answers a plan as documented, with each figure’s source', async () => {
    const r = await post('/api/v1/plan', { action: { kind: 'load-model', model: 'tinyllama' } });
    expect(r.status).toBe(200);
    expect(check.errors('POST', '/api/v1/plan', 200, 'application/json', r.json())).toEqual([]);
    const plan = r.json<Plan>();
    expect(plan.verdict).toBe('fits');
    expect(plan.inputs.find((f) => f.label === 'the guard’s budget' || f.label === "the guard's budget")).toMatchObject(
      {
        value: '64 MiB',
        source: 'the memory budget setting (or --memory-budget)',
      },
    );
  });

  it('does not act on a plan that does not fit without an override, and acts with one', async () => {
    const action = { kind: 'start-profile', profiles: ['big'] };
    const asked = await post('/api/v1/act', { action });
    expect(asked.status).toBe(200);
    expect(check.errors('POST', '/api/v1/act', 200, 'application/json', asked.json())).toEqual([]);
    const outcome = asked.json<ActOutcome>();
    expect(outcome.acted).toBe(false);
    expect(outcome.plan.verdict).toBe('no-fit');
    expect(outcome.plan.memory.oomOrder.map((v) => v.service)).toEqual(['big']);
    expect(!outcome.acted && outcome.message).toMatch(
      /^Not done: would not fit even so: 200 % of the 64 MiB memory budget/,
    );
    expect(await listProjectContainers(engine.docker, project)).toEqual([]);

    const went = await post('/api/v1/act', { action, override: { kind: 'anyway' } });
    expect(went.status).toBe(200);
    expect(check.errors('POST', '/api/v1/act', 200, 'application/json', went.json())).toEqual([]);
    const done = went.json<ActOutcome>();
    expect(done.acted && done.result.kind === 'up' && done.result.report.ok).toBe(true);
    expect((await listProjectContainers(engine.docker, project, { running: true })).map((c) => c.service)).toEqual([
      'big',
    ]);
    const events = (await api.request(`/api/v1/events?project=${project}&kind=guard-anyway`)).json<
      { message: string }[]
    >();
    expect(events.map((e) => e.message)).toEqual([
      expect.stringMatching(/^start big anyway \(anyway\): would not fit even so/),
    ]);
    await api.running.core.stack.down(undefined, true);
  });

  it('refuses bad actions and overrides with 400 naming the field, and unknown services with 404', async () => {
    const cases: [unknown, string][] = [
      [{ project: '../x', action: { kind: 'start-profile', profiles: ['web'] } }, 'body.project:'],
      [
        { action: { kind: 'launch' } },
        "body.action.kind: Invalid discriminator value. Expected 'start-profile' | 'start-service' | 'pull-model' | 'load-model' | 'apply-limit'",
      ],
      [
        { action: { kind: 'load-model', model: 'tinyllama' }, override: { kind: 'please' } },
        "body.override.kind: Invalid discriminator value. Expected 'anyway' | 'without-optional' | 'stop-first'",
      ],
      [
        { action: { kind: 'apply-limit', service: 'big', limitBytes: 1024 } },
        'body.action.limitBytes: at least 16 MiB',
      ],
    ];
    for (const [body, message] of cases) {
      const r = await post('/api/v1/act', body);
      expect([r.status, r.json<{ error: { message: string } }>().error.message], JSON.stringify(body)).toEqual([
        400,
        expect.stringContaining(message),
      ]);
      expect(check.errors('POST', '/api/v1/act', 400, 'application/json', r.json())).toEqual([]);
    }
    const missing = await post('/api/v1/plan', { action: { kind: 'start-service', service: 'nosuch' } });
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({
      error: { code: 'NOT_FOUND', message: `the project ${project} has no service 'nosuch'` },
    });
    const unknown = await post('/api/v1/plan', {
      project: 'nosuchproject',
      action: { kind: 'load-model', model: 't' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('nosuchproject') },
    });
  });
});
