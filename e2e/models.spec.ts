import { expect, test } from '@playwright/test';
import { startOllamaApiServer, type OllamaApiServer } from '../test-support/ollama-api-server';
import { ModelsPage } from './pages/models-page';
import { startAppServer, type AppServer } from './support/app-server';

// An Ollama-compatible server that lacks /api/ps and leaves modified_at out of /api/tags.
test.describe('Models from a server that says less than Ollama', () => {
  let server: OllamaApiServer;
  let app: AppServer;
  test.beforeAll(async () => {
    server = await startOllamaApiServer({
      installed: ['tinyllama', 'qwen2.5:0.5b'],
      missingRoutes: ['/api/ps'],
      omitTagFields: ['modified_at'],
    });
    app = await startAppServer({ args: ['--ollama-url', server.url] });
  });
  test.afterAll(async () => {
    await app?.stop();
    await server?.close();
  });

  test('the Models page lists the models and says which facts are unknown and why', async ({ page }) => {
    const models = new ModelsPage(page);
    await models.open(app.url);
    await expect(models.rows).toHaveCount(2);
    await expect(models.row('tinyllama:latest')).toContainText('llama');
    await expect(models.row('tinyllama:latest').getByTestId('model-loaded')).toHaveText('unknown');
    await expect(models.gaps).toContainText('which models are in memory');
    await expect(models.gaps).toContainText(`the server at ${server.url} has no /api/ps (HTTP 404)`);
    await expect(models.gaps).toContainText('the server gave no modified_at');
  });

  test('GET /api/v1/models answers 200 with what is known and what is missing', async ({ request }) => {
    const res = await request.get(`${app.origin}/api/v1/models`, { headers: { Authorization: `Bearer ${app.token}` } });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as {
      models: { name: string; sizeBytes: number; loaded?: boolean; missing?: { field: string }[] }[];
    };
    expect(body.models.map((m) => m.name)).toEqual(['tinyllama:latest', 'qwen2.5:0.5b']);
    expect(body.models[0]).toMatchObject({ sizeBytes: 637_000_208, family: 'llama' });
    expect(body.models[0]).not.toHaveProperty('loaded');
    expect(body.models[0]!.missing!.map((g) => g.field)).toEqual(['modifiedAt', 'loaded']);
  });
});
