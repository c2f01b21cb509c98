import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src-shared/api/features/stack-model';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { listProjectContainers, listProjectsContainers, serviceLabels, tierOf } from './project-containers';

const engine = await testEngine();

describe('serviceLabels', () => {
  it('reads the service, a validated tier and the app labels once', () => {
    expect(
      serviceLabels({
        [LABELS.project]: 'p',
        [LABELS.service]: 'flowise',
        [LABELS.oneoff]: 'False',
        [LABELS.tier]: 'optional',
        [LABELS.category]: 'agents',
        [LABELS.ui]: 'http://127.0.0.1:8099',
        [LABELS.description]: 'Flowise',
        [LABELS.profile]: 'agents,full',
      }),
    ).toEqual({
      project: 'p',
      service: 'flowise',
      tier: 'optional',
      category: 'agents',
      ui: 'http://127.0.0.1:8099',
      description: 'Flowise',
      profiles: ['agents', 'full'],
    });
  });

  it('takes a missing or unknown tier as core, never as critical or optional', () => {
    expect(tierOf(undefined)).toBe('core');
    expect(tierOf('vital')).toBe('core');
    expect(tierOf('Critical')).toBe('core');
    expect(serviceLabels({ [LABELS.service]: 'db' })).toEqual({
      project: '',
      service: 'db',
      tier: 'core',
      profiles: [],
    });
  });

  it('gives no service for a one-off container or one without a service label', () => {
    expect(serviceLabels({ [LABELS.project]: 'p', [LABELS.service]: 'web', [LABELS.oneoff]: 'True' })).toBeUndefined();
    expect(serviceLabels({ [LABELS.project]: 'p' })).toBeUndefined();
    expect(serviceLabels(null)).toBeUndefined();
  });
});

describe.skipIf(!engine.available)('listProjectContainers on the real engine', () => {
  const run = testName('query');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const docker = engine.docker;
  const create = async (name: string, labels: Record<string, string>, start: boolean) => {
    const c = await docker.createContainer({
      name: `${project}-${name}`,
      Image: TEST_IMAGE,
      Cmd: ['sleep', '300'],
      StopTimeout: 1,
      Labels: { [TEST_LABEL]: run, ...labels },
    });
    if (start) await c.start();
    return c.id;
  };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const of = (service: string, extra: Record<string, string> = {}) => ({
      [LABELS.project]: project,
      [LABELS.service]: service,
      ...extra,
    });
    ids.web = await create('web', of('web', { [LABELS.tier]: 'critical', [LABELS.oneoff]: 'False' }), true);
    ids.db = await create('db', of('db', { [LABELS.tier]: 'vital' }), false);
    ids.flowise = await create(
      'flowise',
      of('flowise', { [LABELS.tier]: 'optional', [LABELS.category]: 'agents' }),
      true,
    );
    ids.oneoff = await create('web-run', of('web', { [LABELS.oneoff]: 'True' }), true);
    ids.noService = await create('loose', { [LABELS.project]: project }, true);
    ids.other = await create('other-web', { [LABELS.project]: `${project}-other`, [LABELS.service]: 'web' }, true);
  });
  afterAll(() => cleanupTestObjects(docker, run));

  it("lists the project's service containers, stopped ones too, and nothing else", async () => {
    const all = await listProjectContainers(docker, project);
    expect(all.map((c) => c.service).sort()).toEqual(['db', 'flowise', 'web']);
    const byService = Object.fromEntries(all.map((c) => [c.service, c]));
    expect(byService.web).toMatchObject({
      id: ids.web,
      name: `${project}-web`,
      project,
      tier: 'critical',
      state: 'running',
    });
    expect(byService.db).toMatchObject({ id: ids.db, tier: 'core', state: 'created' });
    expect(byService.flowise).toMatchObject({ tier: 'optional', category: 'agents' });
    expect(byService.web!.created).toBeGreaterThan(Date.now() / 1000 - 600);
  });

  it('narrows to running containers, one service, or one category', async () => {
    expect((await listProjectContainers(docker, project, { running: true })).map((c) => c.service).sort()).toEqual([
      'flowise',
      'web',
    ]);
    expect((await listProjectContainers(docker, project, { service: 'web' })).map((c) => c.id)).toEqual([ids.web]);
    expect(await listProjectContainers(docker, project, { service: 'db', running: true })).toEqual([]);
    expect((await listProjectContainers(docker, project, { category: 'agents' })).map((c) => c.service)).toEqual([
      'flowise',
    ]);
  });

  it("lists several projects' containers in one request, each unlabelled tier from its own project's default", async () => {
    const both = await listProjectsContainers(docker, [
      { name: project, defaultTier: 'optional' },
      { name: `${project}-other`, defaultTier: 'critical' },
    ]);
    expect(both.map((c) => [c.project, c.service, c.tier]).sort()).toEqual([
      [project, 'db', 'optional'],
      [project, 'flowise', 'optional'],
      [project, 'web', 'critical'],
      [`${project}-other`, 'web', 'critical'],
    ]);
    const running = await listProjectsContainers(docker, [{ name: project, defaultTier: 'core' }], { running: true });
    expect(running.map((c) => c.service).sort()).toEqual(['flowise', 'web']);
    expect(await listProjectsContainers(docker, [])).toEqual([]);
  });
});
