import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApi, type BrowserApi } from '../../../test-support/browser-api';

type ToolAnswer = { content: { type: string; text: string }[]; isError?: boolean };

describe('POST /mcp: the stack as an MCP server over streamable HTTP', () => {
  let api: BrowserApi;
  const templates = mkdtempSync(join(tmpdir(), 'sutazai-mcp-route-'));
  beforeAll(async () => {
    writeFileSync(
      join(templates, 'compose.yml'),
      'services:\n  tiny:\n    image: sutazai-test/busybox:latest\n    profiles: [tiny]\n    command: ["sleep", "300"]\n',
    );
    api = await startBrowserApi({ templatesDir: templates });
  });
  afterAll(async () => {
    await api?.stop();
    rmSync(templates, { recursive: true, force: true });
  });

  const connect = async (token: string): Promise<Client> => {
    const client = new Client({ name: 'spec', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${api.base}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    return client;
  };

  it('answers the SDK client with the token: tools, a read tool, and a change refused until Settings allows it', async () => {
    const client = await connect(api.running.token);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_services', 'plan_start', 'start_profile']));
    const profiles = (await client.callTool({ name: 'list_profiles', arguments: {} })) as ToolAnswer;
    expect(JSON.parse(profiles.content[0]!.text)).toEqual([expect.objectContaining({ name: 'tiny' })]);
    const refused = (await client.callTool({ name: 'stop_profile', arguments: { profiles: ['tiny'] } })) as ToolAnswer;
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toContain('Let MCP clients start and stop profiles');

    // The Settings page's switch (settings:set), in force at the next call.
    await api.running.core.preferences.set({ mcpAllowChanges: true });
    const allowed = (await client.callTool({ name: 'stop_profile', arguments: { profiles: ['tiny'] } })) as ToolAnswer;
    expect(allowed.content[0]!.text).not.toContain('Refused');
    expect(JSON.parse(allowed.content[0]!.text)).toMatchObject({ removedContainers: [], errors: [] });
    await api.running.core.preferences.set({ mcpAllowChanges: false });
    await client.close();
  });

  it('refuses without the token, with a wrong token, a body that is not JSON-RPC, and GET', async () => {
    await expect(connect('wrong-token-wrong-token')).rejects.toThrow(/UNAUTHORIZED/);
    const none = await api.request('/mcp', { method: 'POST', body: '{}', auth: false });
    expect(none.status).toBe(401);
    const bad = await api.request('/mcp', {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '1.0', id: 1, method: 'tools/list' }),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('body') } });
    const get = await api.request('/mcp');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
