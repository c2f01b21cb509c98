import { openAsBlob } from 'node:fs';
import { Readable } from 'node:stream';

interface QdrantAnswer<T> {
  result: T;
  status: string | { error: string };
}

/**
 * The parts of Qdrant's HTTP API a snapshot uses, as Qdrant documents them (api.qdrant.tech,
 * "Snapshots"): list collections, create a collection snapshot, download it, delete it from the
 * server, and recover a collection from an uploaded snapshot. The API key goes in the `api-key`
 * header.
 */
export class QdrantApi {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey?: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** True when the API answers with the key; otherwise throws why not. */
  async ready(): Promise<true> {
    await this.collections();
    return true;
  }

  async collections(): Promise<string[]> {
    const r = await this.json<{ collections: { name: string }[] }>('GET', '/collections');
    return r.collections.map((c) => c.name);
  }

  /** `POST /collections/{name}/snapshots`: Qdrant writes the snapshot on its side and names it. */
  async createSnapshot(collection: string): Promise<{ name: string; size?: number; checksum?: string }> {
    return this.json('POST', `/collections/${encodeURIComponent(collection)}/snapshots?wait=true`, undefined, 0);
  }

  /** `GET /collections/{name}/snapshots/{snapshot}` as a stream. */
  async download(collection: string, snapshot: string, signal?: AbortSignal): Promise<Readable> {
    const res = await fetch(
      this.url(`/collections/${encodeURIComponent(collection)}/snapshots/${encodeURIComponent(snapshot)}`),
      {
        headers: this.headers(),
        ...(signal ? { signal } : {}),
      },
    );
    if (!res.ok || !res.body)
      throw new Error(`Qdrant answered ${res.status} to the download of ${snapshot}: ${await res.text()}`);
    return Readable.fromWeb(res.body as import('node:stream/web').ReadableStream);
  }

  /** `DELETE /collections/{name}/snapshots/{snapshot}`: frees the space the snapshot took on Qdrant's side. */
  async deleteSnapshot(collection: string, snapshot: string): Promise<void> {
    await this.json(
      'DELETE',
      `/collections/${encodeURIComponent(collection)}/snapshots/${encodeURIComponent(snapshot)}?wait=true`,
    );
  }

  /**
   * `POST /collections/{name}/snapshots/upload?priority=snapshot&checksum=…` (multipart, field
   * `snapshot`): replaces the collection's data with the snapshot's, creating it if needed.
   */
  async upload(collection: string, file: string, sha256: string): Promise<void> {
    const form = new FormData();
    form.append('snapshot', await openAsBlob(file), `${collection}.snapshot`);
    await this.json(
      'POST',
      `/collections/${encodeURIComponent(collection)}/snapshots/upload?wait=true&priority=snapshot&checksum=${sha256}`,
      form,
      0,
    );
  }

  async deleteCollection(collection: string): Promise<void> {
    await this.json('DELETE', `/collections/${encodeURIComponent(collection)}?wait=true`);
  }

  private async json<T>(method: string, path: string, body?: FormData, timeoutMs = this.timeoutMs): Promise<T> {
    const res = await fetch(this.url(path), {
      method,
      headers: this.headers(),
      ...(body ? { body } : {}),
      ...(timeoutMs > 0 ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
    const text = await res.text();
    let answer: QdrantAnswer<T> | undefined;
    try {
      answer = JSON.parse(text) as QdrantAnswer<T>;
    } catch {
      answer = undefined;
    }
    if (!res.ok || !answer || answer.status !== 'ok') {
      const why = typeof answer?.status === 'object' ? answer.status.error : text.slice(0, 300);
      throw new Error(`Qdrant answered ${res.status} to ${method} ${path.split('?')[0]}: ${why}`);
    }
    return answer.result;
  }

  private url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  private headers(): Record<string, string> {
    return this.apiKey ? { 'api-key': this.apiKey } : {};
  }
}
