import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'out', 'main', 'cli.js');

/**
 * The built `sutazai serve` does not load what most runs never use: the MCP SDK waits for the first
 * MCP request (or server), selfsigned for the first certificate made. Each costs the server several
 * megabytes of memory for as long as it runs. Read from the modules the process has loaded, asked
 * for through a signal.
 */
describe.skipIf(!existsSync(CLI) && process.env.CI !== 'true')('the modules the built server loads at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-startup-modules-'));
  const listFile = join(dir, 'loaded.txt');
  let child: ChildProcess;
  let base = '';
  let token = '';

  const loaded = async (): Promise<string[]> => {
    rmSync(listFile, { force: true });
    child.kill('SIGUSR2');
    for (let i = 0; i < 100 && !existsSync(listFile); i++) await new Promise((r) => setTimeout(r, 50));
    return readFileSync(listFile, 'utf8').split('\n');
  };
  const packages = (files: string[], name: string) => files.filter((f) => f.includes(`/node_modules/${name}/`));

  beforeAll(async () => {
    const preload = join(dir, 'list-modules.cjs');
    writeFileSync(
      preload,
      `process.on('SIGUSR2', () => require('node:fs').writeFileSync(${JSON.stringify(listFile)}, Object.keys(require.cache).join('\\n')));\n`,
    );
    child = spawn(process.execPath, ['-r', preload, CLI, 'serve', '--port', '0', '--stack-port', '0'], {
      env: { ...process.env, SUTAZAI_TOKEN: undefined, SUTAZAI_HOME: join(dir, 'home') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr!.on('data', (d) => (output += d));
    const url = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`sutazai serve printed no URL within 20 s:\n${output}`)), 20_000);
      child.stdout!.on('data', (d) => {
        output += d;
        const m = /SutazAI Control Center at (http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          res(m[0]);
          base = m[1]!;
          token = m[2]!;
        }
      });
    });
    expect(url).toContain(base);
  }, 30_000);

  afterAll(() => {
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the MCP SDK and selfsigned unloaded until they are used, then loads the SDK on the first MCP request', async () => {
    const atStart = await loaded();
    expect(packages(atStart, 'dockerode').length).toBeGreaterThan(0);
    expect(packages(atStart, '@modelcontextprotocol/sdk')).toEqual([]);
    expect(packages(atStart, 'selfsigned')).toEqual([]);

    const res = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'spec', version: '1' } },
      }),
    });
    expect(res.status).toBe(200);
    expect(
      ((await res.json()) as { result?: { serverInfo?: { name?: string } } }).result?.serverInfo?.name,
    ).toBeTruthy();
    expect(packages(await loaded(), '@modelcontextprotocol/sdk').length).toBeGreaterThan(0);
  });
});
