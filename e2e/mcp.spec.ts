import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOllamaApiServer, type OllamaApiServer } from '../test-support/ollama-api-server';
import { ChatPage } from './pages/chat-page';
import { McpPage } from './pages/mcp-page';
import { startAppServer, type AppServer } from './support/app-server';

// The filesystem server from the catalogue (installed with npm into the app home and run for real)
// on a temporary folder, and a model on the Ollama API test server that asks for its tools.
test.describe('MCP tools in the chat', () => {
  let ollama: OllamaApiServer;
  let app: AppServer;
  const folder = mkdtempSync(join(tmpdir(), 'sutazai-e2e-mcp-files-'));
  test.beforeAll(async () => {
    ollama = await startOllamaApiServer({ installed: ['qwen2.5:0.5b'], tokenDelayMs: 5 });
    app = await startAppServer({ args: ['--ollama-url', ollama.url] });
  });
  test.afterAll(async () => {
    await app?.stop();
    await ollama?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('add the filesystem server on a folder, ask in the chat, approve the call, then deny one', async ({ page }) => {
    test.setTimeout(180_000);
    const mcp = new McpPage(page);
    await mcp.open(app.url);
    await mcp.addFromCatalog('Filesystem', [folder]);
    await expect(mcp.state('Filesystem')).toHaveText('running', { timeout: 150_000 });
    const tools = mcp.server('Filesystem').getByRole('list', { name: 'Tools of Filesystem' });
    await expect(tools).toContainText('write_file');
    await expect(tools.getByText('read_text_file', { exact: true })).toBeVisible();

    const chat = new ChatPage(page);
    await chat.open(app.url);
    await chat.useTools('Filesystem');
    const target = join(folder, 'from-chat.txt');
    await chat.ask(`Please save this. call write_file {"path": "${target}", "content": "written from the chat"}`);
    const approval = chat.approval('write_file');
    await expect(approval).toContainText('on the MCP server Filesystem');
    await expect(approval.getByTestId('tool-approval-arguments')).toContainText(`"path": "${target}"`);
    expect(existsSync(target)).toBe(false);
    await approval.getByRole('button', { name: 'Allow once' }).click();
    await expect(chat.replies.last()).toContainText(`Fixture reply after write_file: Successfully wrote to ${target}`);
    expect(readFileSync(target, 'utf8')).toBe('written from the chat');
    const call = chat.toolCalls().last();
    await expect(call.getByTestId('tool-call-status')).toContainText(/done · \d+ ms · allowed once/);
    await call.locator('summary').click();
    await expect(call.getByTestId('tool-call-result')).toHaveText(`Successfully wrote to ${target}`);

    const refused = join(folder, 'refused.txt');
    await chat.ask(`And this one. call write_file {"path": "${refused}", "content": "must not be written"}`);
    await chat.approval('write_file').getByRole('button', { name: 'Deny' }).click();
    await expect(chat.replies.last()).toContainText(
      'Fixture reply after write_file: The user denied this call of write_file; it did not run.',
    );
    expect(existsSync(refused)).toBe(false);
    await expect(chat.toolCalls().last().getByTestId('tool-call-status')).toHaveText('denied');

    // Both calls are stored with the conversation.
    await page.reload();
    await chat.conversations.first().getByRole('button').first().click();
    await expect(chat.toolCalls()).toHaveCount(2);
  });
});
