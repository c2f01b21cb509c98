import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_STATUS, httpContract } from '../../../src-shared/api/http';
import { startBrowserApi, type BrowserApi } from '../../../test-support/browser-api';
import { openApiChecker } from '../../../test-support/openapi-check';
import { apiRoutes } from '.';

type Operation = {
  operationId: string;
  security?: unknown[];
  responses: Record<string, unknown>;
  requestBody?: unknown;
  parameters?: { name: string }[];
};

describe('GET /api/v1/openapi.json', () => {
  let api: BrowserApi;
  let doc: { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    api = await startBrowserApi();
    const r = await api.request('/api/v1/openapi.json');
    expect(r.status).toBe(200);
    doc = r.json();
  });
  afterAll(() => api?.stop());

  it('is a valid OpenAPI 3.1 document whose schemas are valid JSON Schema 2020-12', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(openApiChecker(doc).compileAll()).toBeGreaterThan(10);
    expect(doc.servers).toEqual([{ url: api.base }]);
  });

  it('holds every route the server answers, with its method, token and error statuses', () => {
    const routes = apiRoutes(api.running.core);
    expect(routes.length).toBe(Object.keys(httpContract).length);
    for (const route of routes) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      const security = route.public
        ? []
        : route.stackToken
          ? [{ bearer: [] }, { cookie: [] }, { query: [] }, { stackToken: [] }]
          : undefined;
      expect(op!.security, `${route.method} ${route.path}`).toEqual(security);
      const def = Object.values(httpContract).find((d) => d.path === route.path)!;
      for (const code of [...def.errors, 'INVALID_INPUT' as const])
        expect(Object.keys(op!.responses)).toContain(String(HTTP_STATUS[code]));
      if (!route.public) expect(Object.keys(op!.responses)).toContain('401');
    }
    expect(Object.keys(doc.paths).sort()).toEqual(routes.map((r) => r.path).sort());
    expect(routes.filter((r) => r.public).map((r) => r.path)).toEqual(['/health']);
    expect(routes.filter((r) => r.stackToken).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /metrics',
      'POST /api/v1/alerts/alertmanager',
    ]);
  });

  it('describes the stack token as a second bearer scheme, and Alertmanager’s notification as the webhook’s body', () => {
    const components = (
      doc as unknown as { components: { securitySchemes: Record<string, { type: string; scheme?: string }> } }
    ).components;
    expect(components.securitySchemes.stackToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    const webhook = doc.paths['/api/v1/alerts/alertmanager']!.post!;
    const body = (
      webhook.requestBody as {
        content: { 'application/json': { schema: { required: string[]; properties: Record<string, unknown> } } };
      }
    ).content['application/json'].schema;
    expect(body.required).toEqual(['version', 'status', 'alerts']);
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['receiver', 'groupLabels', 'commonLabels', 'externalURL', 'truncatedAlerts']),
    );
    expect(Object.keys(webhook.responses).sort()).toEqual(['200', '400', '401', '413', '500']);
  });

  it('describes the chat body and the events parameters from the contract’s limits', () => {
    const chat = doc.paths['/api/v1/chat']!.post!;
    const body = (
      chat.requestBody as {
        content: {
          'application/json': {
            schema: { properties: Record<string, { maxLength?: number; maxItems?: number; pattern?: string }> };
          };
        };
      }
    ).content['application/json'].schema;
    expect(body.properties.model!.maxLength).toBe(300);
    expect(body.properties.messages!.maxItems).toBe(2);
    expect(body.properties.conversation_id!.pattern).toBe('^[a-f0-9-]{36}$');
    expect(chat.responses['413']).toBeDefined();
    expect(doc.paths['/api/v1/events']!.get!.parameters!.map((p) => p.name)).toEqual([
      'project',
      'service',
      'kind',
      'since',
      'limit',
    ]);
  });
});
