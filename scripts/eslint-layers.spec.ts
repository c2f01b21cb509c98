import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const eslint = new ESLint({ cwd: root });

/** The layer and import messages ESLint gives `code` placed at `file` (real paths, so imports resolve). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result!.messages
    .filter((m) => m.ruleId === 'import-x/no-restricted-paths' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('the layer rule (eslint.layers.js) holds the table of STYLE.md', () => {
  it('a feature imports no host and not the composition root', async () => {
    expect(await layerErrors('src-main/chat/probe.ts', "export { serve } from '../server';")).toEqual([
      expect.stringContaining('A feature never imports a host'),
    ]);
    expect(await layerErrors('src-main/chat/probe.ts', "export { createCore } from '../core';")).toEqual([
      expect.stringContaining('A feature never imports a host'),
    ]);
    expect(
      await layerErrors('src-main/events/probe.ts', "export { attachIpcBridge } from '../app/ipc-bridge';"),
    ).toContainEqual(expect.stringContaining('A feature never imports a host'));
  });

  it('features and hosts enter a feature through its index.ts only', async () => {
    expect(await layerErrors('src-main/chat/probe.ts', "export { validateModelName } from '../models';")).toEqual([]);
    expect(
      await layerErrors('src-main/chat/probe.ts', "export { validateModelName } from '../models/model-name';"),
    ).toEqual([expect.stringContaining('Import models/ through its index.ts')]);
    expect(
      await layerErrors('src-main/server/probe.ts', "export { ChatService } from '../chat/chat-service';"),
    ).toEqual([expect.stringContaining('Import chat/ through its index.ts')]);
    expect(
      await layerErrors('src-main/cli/commands/probe.ts', "export { parseBytes } from '../../stack/units';"),
    ).toEqual([expect.stringContaining('Import stack/ through its index.ts')]);
    expect(await layerErrors('src-main/server/probe.ts', "export { ChatService } from '../chat';")).toEqual([]);
  });

  it('the renderer never imports src-main, src-shared imports nothing of ours, electron stays in app/ and the preload', async () => {
    expect(
      await layerErrors('src-renderer/src/probe.ts', "export { ChatService } from '../../src-main/chat';"),
    ).toContainEqual(expect.stringContaining('The renderer talks to the core through the typed client only'));
    expect(
      await layerErrors('src-shared/api/probe.ts', "export { ChatService } from '../../src-main/chat';"),
    ).toContainEqual(expect.stringContaining('src-shared is the contract'));
    expect(
      await layerErrors(
        'src-shared/api/probe.ts',
        "export { startOllamaApiServer } from '../../test-support/ollama-api-server';",
      ),
    ).toContainEqual(expect.stringContaining('src-shared is the contract'));
    expect(
      await layerErrors('src-main/chat/probe.ts', "import { app } from 'electron';\nexport const a = app;"),
    ).toEqual([expect.stringContaining('electron may be imported only in src-main/app/')]);
    expect(
      await layerErrors('src-main/app/probe.ts', "import { app } from 'electron';\nexport const a = app;"),
    ).toEqual([]);
  });

  it('the code as it stands passes', async () => {
    const file = 'src-main/chat/chat-service.ts';
    expect(await layerErrors(file, readFileSync(join(root, file), 'utf8'))).toEqual([]);
  });
});
