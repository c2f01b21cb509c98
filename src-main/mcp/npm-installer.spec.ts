import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeRuntime } from './node-runtime';
import { NpmInstaller } from './npm-installer';

describe('NpmInstaller: catalogue servers installed into the app home with npm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-npm-'));
  const installer = new NpmInstaller(join(dir, 'mcp', 'npm'), nodeRuntime());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs a pinned package once (from npm’s cache or the registry) and finds its bin', async () => {
    const output: string[] = [];
    expect(installer.binOf('@modelcontextprotocol/server-memory', '2026.8.31')).toBeUndefined();
    const bin = await installer.install('@modelcontextprotocol/server-memory', '2026.8.31', (t) => output.push(t));
    expect(bin).toBe(
      join(dir, 'mcp', 'npm', 'node_modules', '@modelcontextprotocol', 'server-memory', 'dist', 'index.js'),
    );
    expect(existsSync(bin)).toBe(true);
    expect(output[0]).toBe('npm install @modelcontextprotocol/server-memory@2026.8.31\n');
    expect(statSync(join(dir, 'mcp', 'npm')).mode & 0o777).toBe(0o700);
    const again: string[] = [];
    expect(await installer.install('@modelcontextprotocol/server-memory', '2026.8.31', (t) => again.push(t))).toBe(bin);
    expect(again).toEqual([]);
    expect(installer.binOf('@modelcontextprotocol/server-memory', '1.0.0')).toBeUndefined();
  }, 180_000);

  it('refuses names and versions npm would read as something else, and says when npm fails', async () => {
    expect(() => installer.install('../evil', '1.0.0', () => undefined)).toThrow(
      "'../evil' is not an npm package name",
    );
    expect(() => installer.install('left-pad', 'latest', () => undefined)).toThrow("'latest' is not an exact version");
    const lines: string[] = [];
    await expect(
      installer.install('@modelcontextprotocol/server-memory', '0.0.1-does-not-exist', (t) => lines.push(t)),
    ).rejects.toThrow(/npm could not install @modelcontextprotocol\/server-memory@0\.0\.1-does-not-exist \(exit \d+\)/);
    expect(lines.join('')).toMatch(/ETARGET|No matching version|notarget/i);
  }, 180_000);
});
