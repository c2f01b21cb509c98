import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOllamaApiServer, type OllamaApiServer } from '../test-support/ollama-api-server';
import { ChatPage } from './pages/chat-page';
import { startAppServer, type AppServer } from './support/app-server';

// The app's real browser mode and the real `ollama` client, against the local test server that
// follows Ollama's documented API (no Ollama binary or weights can be had here).
test.describe('Chat with Ollama', () => {
  let ollama: OllamaApiServer;
  let app: AppServer;
  // One app home for both starts, so the restart finds the same SQLite file.
  const home = mkdtempSync(join(tmpdir(), 'sutazai-e2e-chat-'));
  test.beforeAll(async () => {
    ollama = await startOllamaApiServer({ installed: ['tinyllama'], tokenDelayMs: 120, replyTokens: 40 });
    app = await startAppServer({ args: ['--ollama-url', ollama.url], home });
  });
  test.afterAll(async () => {
    await app?.stop();
    await ollama?.close();
    rmSync(home, { recursive: true, force: true });
  });

  test('streams tokens, and Stop aborts the request at the Ollama server', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.open(app.url);
    await chat.ask('Tell me about containers');
    const texts = await chat.streamedTexts(3);
    expect(texts[0]).toContain('Fixture reply to "Tell me about containers"');
    expect(texts[2]!.length).toBeGreaterThan(texts[0]!.length);
    await chat.stop.click();
    await expect.poll(() => ollama.aborts.length).toBe(1);
    expect(ollama.aborts[0]).toMatchObject({ path: '/api/chat', model: 'tinyllama:latest' });
    expect(ollama.aborts[0]!.sent).toBeLessThan(40);
    await expect(chat.replies.last()).toContainText('Stopped');
    await expect(chat.send).toBeVisible();
  });

  test('a finished reply shows its token rate, and the conversation survives an app restart', async ({ page }) => {
    ollama.setTokenDelay(5);
    const chat = new ChatPage(page);
    await chat.open(app.url);
    await chat.page.getByRole('button', { name: 'New chat' }).click();
    await chat.ask('Remember this: volumes');
    await expect(chat.replies.last().getByTestId('message-stats')).toContainText('tokens/s');
    await expect(chat.replies.last()).toContainText('word40.');

    await app.stop();
    app = await startAppServer({ args: ['--ollama-url', ollama.url], home });
    await chat.open(app.url);
    const saved = chat.conversations.filter({ hasText: 'Remember this: volumes' });
    await expect(saved).toHaveCount(1);
    await saved.getByRole('button', { name: 'Remember this: volumes' }).click();
    await expect(chat.page.getByTestId('message-user')).toContainText('Remember this: volumes');
    await expect(chat.replies.last()).toContainText('word40.');
    await expect(chat.replies.last().getByTestId('message-stats')).toContainText('tokens/s');
  });

  test('a request the model never answers shows the question and the error, and stores nothing', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.open(app.url);
    ollama.setTokenDelay(5);
    await chat.page.getByRole('button', { name: 'New chat' }).click();
    await chat.ask('A kept question');
    await expect(chat.replies.last().getByTestId('message-stats')).toContainText('tokens/s');
    ollama.setTokenDelay(300);
    ollama.setFailAfterTokens(0);
    try {
      await chat.page.getByRole('button', { name: 'New chat' }).click();
      await chat.ask('A doomed question');
      await expect(chat.page.getByTestId('message-user').last()).toContainText('A doomed question');
      await expect(chat.page.getByRole('alert')).toContainText('llama runner process has terminated');
      await chat.page.reload();
      await expect(chat.page.getByRole('heading', { level: 1, name: 'Chat' })).toBeVisible();
      await expect(chat.conversations.filter({ hasText: 'A kept question' })).toHaveCount(1);
      await expect(chat.conversations.filter({ hasText: 'A doomed question' })).toHaveCount(0);
    } finally {
      ollama.setFailAfterTokens(undefined);
      ollama.setTokenDelay(5);
    }
  });

  test('the local API streams Ollama-style NDJSON with the token, and refuses without it', async ({ request }) => {
    const headers = { Authorization: `Bearer ${app.token}` };
    const models = await request.get(`${app.origin}/api/v1/models`, { headers });
    expect(models.status()).toBe(200);
    expect(((await models.json()) as { models: { name: string }[] }).models.map((m) => m.name)).toEqual([
      'tinyllama:latest',
    ]);
    const res = await request.post(`${app.origin}/api/v1/chat`, {
      headers,
      data: { model: 'tinyllama', messages: [{ role: 'user', content: 'api' }] },
    });
    expect(res.status()).toBe(200);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { done: boolean; message: { content: string }; eval_count?: number });
    expect(lines.at(-1)).toMatchObject({ done: true, eval_count: 43 });
    expect(lines.map((l) => l.message.content).join('')).toContain('Fixture reply to "api"');
    expect(
      (await request.post(`${app.origin}/api/v1/chat`, { data: { model: 'tinyllama', messages: [] } })).status(),
    ).toBe(401);
  });
});

test.describe('Chat with no Ollama', () => {
  let app: AppServer;
  test.beforeAll(async () => {
    // A port nothing listens on: take one from a test server and close it.
    const closed = await startOllamaApiServer();
    await closed.close();
    app = await startAppServer({ args: ['--ollama-url', closed.url] });
  });
  test.afterAll(async () => app?.stop());

  test('explains that Ollama is not running and offers the one-click fix', async ({ page }) => {
    const chat = new ChatPage(page);
    await chat.open(app.url);
    await expect(chat.notice).toContainText('Ollama is not running');
    await expect(chat.notice).toContainText('given with --ollama-url');
    await expect(chat.notice.getByRole('button', { name: 'Start the minimal profile' })).toBeEnabled();
    await expect(chat.notice.getByRole('button', { name: 'Pull TinyLlama (637 MB)' })).toBeVisible();
    await expect(chat.notice).toContainText('sutazai up minimal');
    await expect(chat.send).toBeDisabled();
    await expect(chat.replies).toHaveCount(0);
  });
});

test.describe('The compact chat window route', () => {
  let ollama: OllamaApiServer;
  let app: AppServer;
  test.beforeAll(async () => {
    ollama = await startOllamaApiServer({ installed: ['tinyllama'], tokenDelayMs: 2 });
    app = await startAppServer({ args: ['--ollama-url', ollama.url] });
  });
  test.afterAll(async () => {
    await app?.stop();
    await ollama?.close();
  });

  test('#/chat-window chats without the navigation and shares conversations with the Chat page', async ({ page }) => {
    await page.goto(`${app.url}#/chat-window`);
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
    const chat = new ChatPage(page);
    await chat.ask('From the small window');
    await expect(chat.replies.last().getByTestId('message-stats')).toContainText('tokens/s');
    await chat.open(app.url);
    await expect(chat.conversations.filter({ hasText: 'From the small window' })).toHaveCount(1);
  });
});

test.describe('Models page', () => {
  let ollama: OllamaApiServer;
  let app: AppServer;
  test.beforeAll(async () => {
    ollama = await startOllamaApiServer({ installed: ['tinyllama'], pullDelayMs: 40, pullChunkBytes: 20_000_000 });
    app = await startAppServer({ args: ['--ollama-url', ollama.url] });
  });
  test.afterAll(async () => {
    await app?.stop();
    await ollama?.close();
  });

  test('lists models, pulls with a bar per layer, cancels at the server, and deletes after a confirm', async ({
    page,
  }) => {
    await page.goto(`${app.url}#/models`);
    const row = page.getByTestId('model-row').filter({ hasText: 'tinyllama:latest' });
    await expect(row).toContainText('Q4_0');
    await expect(row).toContainText('llama');
    await page.getByRole('textbox', { name: 'Model name' }).fill('bad name');
    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('the model part "bad name"');
    await page.getByRole('textbox', { name: 'Model name' }).fill('qwen2.5:0.5b');
    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    const pull = page.getByTestId('pull-qwen2.5:0.5b');
    await expect(pull.locator('progress')).toHaveCount(1);
    await pull.getByRole('button', { name: 'Cancel' }).click();
    await expect(pull).toContainText('cancelled');
    await expect.poll(() => ollama.aborts.map((a) => a.path)).toEqual(['/api/pull']);
    await row.getByRole('button', { name: 'Delete…' }).click();
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(row).toHaveCount(0);
  });
});
