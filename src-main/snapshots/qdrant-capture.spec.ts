import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQdrantTestServer, type QdrantTestServer } from '../../test-support/qdrant-api-server';
import { QdrantApi } from './qdrant-api';
import { captureQdrant, recoverQdrant } from './qdrant-capture';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Qdrant cannot run here: these are the exact requests a snapshot and a restore send, to a server that answers as Qdrant documents. */
describe("Qdrant's snapshot API: the requests sent", () => {
  let server: QdrantTestServer;
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-qdrant-'));
  const key = 'test-api-key-123';
  const docs = randomBytes(300_000);
  const memory = randomBytes(1000);
  beforeAll(async () => {
    server = await startQdrantTestServer(key);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('snapshots each collection, downloads it whole with its checksum, and deletes it on the server', async () => {
    server.collections.set('docs', docs);
    server.collections.set('agent memory', memory);
    const names: string[] = [];
    const archives = await captureQdrant(
      new QdrantApi(server.url, key),
      dir,
      'services/qdrant',
      (base, ext) => {
        names.push(base);
        return `${base.replace(/ /g, '_')}${ext}`;
      },
      {},
    );
    expect(archives).toEqual([
      {
        file: 'services/qdrant/docs.snapshot',
        kind: 'qdrant-snapshot',
        sha256: sha(docs),
        bytes: docs.length,
        name: 'docs',
      },
      {
        file: 'services/qdrant/agent_memory.snapshot',
        kind: 'qdrant-snapshot',
        sha256: sha(memory),
        bytes: memory.length,
        name: 'agent memory',
      },
    ]);
    expect(readFileSync(join(dir, 'services/qdrant/docs.snapshot')).equals(docs)).toBe(true);
    expect(server.requests.map((r) => `${r.method} ${r.path} ${new URLSearchParams(r.query)}`)).toEqual([
      'GET /collections ',
      'POST /collections/docs/snapshots wait=true',
      'GET /collections/docs/snapshots/docs-1-2025-01-01-00-00-00.snapshot ',
      'DELETE /collections/docs/snapshots/docs-1-2025-01-01-00-00-00.snapshot wait=true',
      'POST /collections/agent%20memory/snapshots wait=true',
      'GET /collections/agent%20memory/snapshots/agent%20memory-2-2025-01-01-00-00-00.snapshot ',
      'DELETE /collections/agent%20memory/snapshots/agent%20memory-2-2025-01-01-00-00-00.snapshot wait=true',
    ]);
    expect(server.requests.every((r) => r.apiKey === key)).toBe(true);
    expect(server.snapshots.size).toBe(0);
    // Restore: each collection uploaded with its checksum, and one the snapshot lacks deleted.
    server.requests.length = 0;
    server.collections.set('docs', Buffer.from('changed since'));
    server.collections.set('scratch', Buffer.from('made after the snapshot'));
    server.collections.delete('agent memory');
    await recoverQdrant(new QdrantApi(server.url, key), archives, dir);
    expect(server.requests.map((r) => `${r.method} ${r.path} ${new URLSearchParams(r.query)}`)).toEqual([
      `POST /collections/docs/snapshots/upload wait=true&priority=snapshot&checksum=${sha(docs)}`,
      `POST /collections/agent%20memory/snapshots/upload wait=true&priority=snapshot&checksum=${sha(memory)}`,
      'GET /collections ',
      'DELETE /collections/scratch wait=true',
    ]);
    expect(server.requests[0]!.uploadSha256).toBe(sha(docs));
    expect([...server.collections.keys()].sort()).toEqual(['agent memory', 'docs']);
    expect(server.collections.get('docs')!.equals(docs)).toBe(true);
  });

  it('says what Qdrant answered when it refuses', async () => {
    await expect(new QdrantApi(server.url, 'wrong key').collections()).rejects.toThrow(
      'Qdrant answered 401 to GET /collections: Invalid api-key',
    );
    await expect(new QdrantApi(server.url, key).createSnapshot('nothing')).rejects.toThrow(
      "Qdrant answered 404 to POST /collections/nothing/snapshots: Not found: Collection `nothing` doesn't exist!",
    );
  });
});
