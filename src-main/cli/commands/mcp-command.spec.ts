import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../../test-support/engine';
import { ALLOW_CHANGES_SETTING } from '../../mcp';
import { openDatabase, SettingsRepository } from '../../store';

const engine = await testEngine();
const ROOT = join(__dirname, '..', '..', '..');

type ToolAnswer = { content: { type: string; text: string }[]; isError?: boolean };

/** `sutazai mcp` in a process of its own, driven by the SDK's own client over stdio. */
describe.skipIf(!engine.available)('sutazai mcp (stdio) through the SDK client', () => {
  const run = testName('mcp');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-mcp-cli-'));
  const home = join(dir, 'home');
  const templates = join(dir, 'templates');
  let client: Client;
  let stderr = '';

  beforeAll(async () => {
    mkdirSync(templates);
    writeFileSync(
      join(templates, 'compose.yml'),
      `services:
  tiny:
    image: ${TEST_IMAGE}
    profiles: [tiny]
    command: ["sh", "-c", "echo hello from tiny; exec sleep 300"]
    stop_grace_period: 1s
    labels: {${TEST_LABEL}: ${run}, ai.sutazai.tier: optional}
    deploy: {resources: {limits: {memory: 32M}, reservations: {memory: 16M}}}
`,
    );
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        join(ROOT, 'src-main', 'cli', 'main.ts'),
        'mcp',
        '--templates',
        templates,
        '--project',
        project,
      ],
      env: { ...(process.env as Record<string, string>), SUTAZAI_HOME: home },
      cwd: ROOT,
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    client = new Client({ name: 'spec', version: '1' });
    await client.connect(transport, { timeout: 30_000 });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await cleanupTestObjects(engine.docker, run);
    await engine.docker
      .getNetwork(`${project}_default`)
      .remove()
      .catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args }, undefined, { timeout: 60_000 })) as ToolAnswer;

  it('lists its tools, read-only ones marked, and answers a read tool', async () => {
    expect(client.getServerVersion()?.name).toBe('sutazai-control-center');
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual([
      'list_profiles',
      'list_services',
      'metrics',
      'plan_start',
      'recent_events',
      'service_logs',
      'start_profile',
      'stop_profile',
    ]);
    expect(byName.get('list_services')?.annotations?.readOnlyHint).toBe(true);
    expect(byName.get('start_profile')?.annotations?.readOnlyHint).toBe(false);
    const profiles = JSON.parse((await call('list_profiles')).content[0]!.text) as { name: string }[];
    expect(profiles.map((p) => p.name)).toEqual(['tiny']);
    const plan = await call('plan_start', { profiles: ['tiny'] });
    expect(plan.isError).toBeFalsy();
    expect(plan.content[0]!.text).toMatch(
      /^Starting tiny: 1 of 1 services would start \(tiny\)\.\nThey reserve 0\.0 GiB/,
    );
    // The planner's verdict next to what runs, with the figure and its source for the service it would start.
    expect(plan.content[0]!.text).toContain(`\nPlan: start tiny (project ${project}): `);
    expect(plan.content[0]!.text).toMatch(/\n {2}starts: tiny \(optional\) 16 MiB, .*reservation/);
    const structured = (plan as { structuredContent?: { memoryPlan?: { verdict: string } } }).structuredContent;
    expect(['fits', 'warn', 'shed', 'no-fit', 'no-disk']).toContain(structured?.memoryPlan?.verdict);
    const metrics = JSON.parse((await call('metrics')).content[0]!.text) as { host: { memTotalBytes: number } };
    expect(metrics.host.memTotalBytes).toBeGreaterThan(0);
    const bad = await call('service_logs', { service: 'tiny', lines: 0 });
    expect(bad.isError).toBe(true);
    expect(bad.content[0]!.text).toMatch(/lines/);
  });

  it('refuses to start a profile until changes are allowed in Settings, then starts and stops it', async () => {
    const refused = await call('start_profile', { profiles: ['tiny'] });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toContain('Refused: start_profile changes the stack');
    expect(await engine.docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${run}`] } })).toEqual([]);

    // What the Settings page does: the setting in the app's database, read at each call.
    const db = openDatabase(join(home, 'sutazai.db'));
    new SettingsRepository(db).set(ALLOW_CHANGES_SETTING, true);
    db.close();

    const started = await call('start_profile', { profiles: ['tiny'] });
    expect(started.isError).toBeFalsy();
    expect(JSON.parse(started.content[0]!.text)).toMatchObject({ ok: true, services: [{ service: 'tiny' }] });
    const services = JSON.parse((await call('list_services')).content[0]!.text) as { service: string; state: string }[];
    expect(services).toEqual([expect.objectContaining({ service: 'tiny', state: 'running' })]);
    const logs = await call('service_logs', { service: 'tiny', lines: 10 });
    expect(logs.content[0]!.text).toContain('hello from tiny');
    const unknown = await call('service_logs', { service: 'nope' });
    expect(unknown.isError).toBe(true);
    const stopped = await call('stop_profile', { profiles: ['tiny'] });
    expect(JSON.parse(stopped.content[0]!.text).removedContainers).toHaveLength(1);
    expect(await engine.docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${run}`] } })).toEqual([]);
    expect(stderr).toContain(`serving the ${project} stack over stdio`);
  });

  it('answers the MCP inspector CLI (@modelcontextprotocol/inspector-cli) the same way', async () => {
    const db = openDatabase(join(home, 'sutazai.db'));
    new SettingsRepository(db).set(ALLOW_CHANGES_SETTING, false);
    db.close();
    const inspector = (...args: string[]) =>
      new Promise<{ out: string; code: number }>((resolve) => {
        execFile(
          process.execPath,
          [
            join(ROOT, 'node_modules', '@modelcontextprotocol', 'inspector-cli', 'build', 'index.js'),
            process.execPath,
            '--import',
            'tsx',
            join(ROOT, 'src-main', 'cli', 'main.ts'),
            'mcp',
            '--templates',
            templates,
            '--project',
            project,
            ...args,
          ],
          // The inspector CLI looks for its own package.json relative to the working directory.
          {
            cwd: join(ROOT, 'node_modules', '@modelcontextprotocol', 'inspector-cli', 'build'),
            env: { ...process.env, SUTAZAI_HOME: home },
            timeout: 60_000,
          },
          (error, out) => resolve({ out, code: error ? ((error as { code?: number }).code ?? 1) : 0 }),
        );
      });
    const list = await inspector('--method', 'tools/list');
    expect(list.code).toBe(0);
    expect((JSON.parse(list.out) as { tools: { name: string }[] }).tools.map((t) => t.name)).toContain('service_logs');
    const read = await inspector('--method', 'tools/call', '--tool-name', 'list_profiles');
    expect(JSON.parse((JSON.parse(read.out) as ToolAnswer).content[0]!.text)).toEqual([
      expect.objectContaining({ name: 'tiny' }),
    ]);
    const change = await inspector(
      '--method',
      'tools/call',
      '--tool-name',
      'start_profile',
      '--tool-arg',
      'profiles=["tiny"]',
    );
    expect(JSON.parse(change.out)).toMatchObject({
      isError: true,
      content: [{ text: expect.stringContaining('Refused') }],
    });
  }, 90_000);
});
