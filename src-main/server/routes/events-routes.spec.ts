import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApi, type BrowserApi } from '../../../test-support/browser-api';
import { openApiChecker } from '../../../test-support/openapi-check';

describe('GET /api/v1/events', () => {
  let api: BrowserApi;
  let check: ReturnType<typeof openApiChecker>;
  const project = 'events-spec';
  beforeAll(async () => {
    api = await startBrowserApi();
    check = openApiChecker((await api.request('/api/v1/openapi.json')).json());
    const log = api.running.core.events;
    log.record({ kind: 'started', project, service: 'api', severity: 'info', message: 'api started', time: 1_000 });
    log.record({
      kind: 'crashed',
      project,
      service: 'api',
      severity: 'warning',
      message: 'api crashed',
      time: 2_000,
      data: { exitCode: 1 },
    });
    log.record({
      kind: 'oom-kill',
      project,
      service: 'db',
      severity: 'critical',
      message: 'db was killed',
      time: 3_000,
      data: { limitBytes: 1024, peak: '1 KiB', restarted: false },
    });
  });
  afterAll(() => api?.stop());

  const get = async (query: string) => api.request(`/api/v1/events?${query}`);

  it('filters by project, service, repeated kind, since and limit, newest first, as documented', async () => {
    const all = await get(`project=${project}`);
    expect(all.status).toBe(200);
    expect(all.json<{ kind: string }[]>().map((e) => e.kind)).toEqual(['oom-kill', 'crashed', 'started']);
    expect(check.errors('GET', '/api/v1/events', 200, 'application/json', all.json())).toEqual([]);
    expect(all.json<{ time: string }[]>()[0]!.time).toBe('1970-01-01T00:00:03.000Z');
    const kinds = await get(`project=${project}&kind=started&kind=oom-kill`);
    expect(kinds.json<{ kind: string }[]>().map((e) => e.kind)).toEqual(['oom-kill', 'started']);
    expect(
      (await get(`project=${project}&service=api&since=1500`)).json<{ message: string }[]>().map((e) => e.message),
    ).toEqual(['api crashed']);
    expect((await get(`project=${project}&limit=1`)).json<unknown[]>()).toHaveLength(1);
  });

  it('refuses bad parameters with 400 naming each, with the WebSocket API’s limits', async () => {
    const cases: [string, string][] = [
      ['limit=0', 'query.limit: Too small: expected number to be >0'],
      ['limit=5001', 'query.limit: Too big: expected number to be <=5000'],
      ['since=yesterday', 'query.since: must be a whole number'],
      ['since=-5', 'query.since: must be a whole number'],
      [`project=${'p'.repeat(65)}`, 'query.project: Too big: expected string to have <=64 characters'],
      [
        Array.from({ length: 21 }, () => 'kind=started').join('&'),
        'query.kind: Too big: expected array to have <=20 items',
      ],
      ['service=a&service=b', 'query.service: given 2 times; it takes one value'],
      ['projekt=x', 'query.projekt: not a parameter of this endpoint'],
    ];
    for (const [query, message] of cases) {
      const r = await get(query);
      expect([r.status, r.json()], query.slice(0, 60)).toEqual([400, { error: { code: 'INVALID_INPUT', message } }]);
      expect(check.errors('GET', '/api/v1/events', 400, 'application/json', r.json())).toEqual([]);
    }
  });
});
