import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  apiKey?: string;
  /** The `snapshot` field of a multipart upload, as its SHA-256. */
  uploadSha256?: string;
}

export interface QdrantTestServer {
  url: string;
  /** Collections by name; a collection's snapshot is its bytes here. */
  collections: Map<string, Buffer>;
  /** Snapshots Qdrant would hold on its disk until they are deleted. */
  snapshots: Map<string, Buffer>;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A local server that answers the collection snapshot endpoints as Qdrant documents them
 * (api.qdrant.tech, "Snapshots" and "Collections"): `{result, status: "ok", time}` bodies,
 * `{status: {error}}` with 404 for an unknown collection or snapshot and 401 for a wrong `api-key`,
 * snapshot names `<collection>-<id>-<date>.snapshot`, uploads as multipart with a `snapshot` field and
 * an optional `checksum` query parameter that must match. It stores bytes; it is not Qdrant.
 */
export async function startQdrantTestServer(apiKey: string): Promise<QdrantTestServer> {
  const collections = new Map<string, Buffer>();
  const snapshots = new Map<string, Buffer>();
  const requests: RecordedRequest[] = [];
  let n = 0;
  const body = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const record: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        ...(req.headers['api-key'] ? { apiKey: String(req.headers['api-key']) } : {}),
      };
      requests.push(record);
      const answer = (status: number, result: unknown) => {
        const text = JSON.stringify(
          status < 300 ? { result, status: 'ok', time: 0.001 } : { status: { error: result }, time: 0.001 },
        );
        res.writeHead(status, { 'content-type': 'application/json' }).end(text);
      };
      if (req.headers['api-key'] !== apiKey) return answer(401, 'Invalid api-key');
      const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const [root, name, sub, snap, extra] = parts;
      if (root !== 'collections') return answer(404, `Not found: ${url.pathname}`);
      if (req.method === 'GET' && parts.length === 1)
        return answer(200, { collections: [...collections.keys()].map((c) => ({ name: c })) });
      if (name !== undefined && sub === undefined && req.method === 'DELETE') {
        collections.delete(name);
        return answer(200, true);
      }
      if (sub !== 'snapshots') return answer(404, `Not found: ${url.pathname}`);
      if (req.method === 'POST' && snap === 'upload' && extra === undefined) {
        const form = await new Request('http://x', {
          method: 'POST',
          headers: req.headers as HeadersInit,
          body: new Uint8Array(await body(req)),
        }).formData();
        const file = form.get('snapshot');
        if (!(file instanceof Blob)) return answer(400, 'Bad request: no snapshot field');
        const bytes = Buffer.from(await file.arrayBuffer());
        const sha = createHash('sha256').update(bytes).digest('hex');
        record.uploadSha256 = sha;
        if (url.searchParams.get('checksum') && url.searchParams.get('checksum') !== sha)
          return answer(400, 'Bad request: Snapshot checksum mismatch');
        collections.set(name!, bytes);
        return answer(200, true);
      }
      if (!collections.has(name!)) return answer(404, `Not found: Collection \`${name}\` doesn't exist!`);
      if (req.method === 'POST' && snap === undefined) {
        const snapshotName = `${name}-${++n}-2025-01-01-00-00-00.snapshot`;
        const bytes = collections.get(name!)!;
        snapshots.set(snapshotName, bytes);
        return answer(200, {
          name: snapshotName,
          creation_time: '2025-01-01T00:00:00',
          size: bytes.length,
          checksum: createHash('sha256').update(bytes).digest('hex'),
        });
      }
      if (snap === undefined || !snapshots.has(snap)) return answer(404, `Not found: Snapshot ${snap} not found`);
      if (req.method === 'GET')
        return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(snapshots.get(snap));
      if (req.method === 'DELETE') {
        snapshots.delete(snap);
        return answer(200, true);
      }
      return answer(404, `Not found: ${url.pathname}`);
    })().catch((err: Error) => res.writeHead(500).end(err.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    collections,
    snapshots,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
