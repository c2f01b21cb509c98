import { createHash } from 'node:crypto';

const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';

const digestOf = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function pushBlob(base: string, repository: string, data: Buffer): Promise<string> {
  const digest = digestOf(data);
  const start = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: new Uint8Array(data),
  });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
  return digest;
}

/**
 * Pushes a model the way `ollama push` lays it out in a registry (Docker registry HTTP API v2): a
 * config blob naming its family, parameter size and quantization, the GGUF weights as an
 * `application/vnd.ollama.image.model` layer, and a template layer. Nothing in it is a real model:
 * the weights are the given bytes.
 */
export async function pushOllamaModel(
  base: string,
  repository: string,
  tag: string,
  model: { weights: Buffer; family: string; parameterSize: string; quantization: string },
): Promise<{ downloadBytes: number }> {
  const config = Buffer.from(
    JSON.stringify({
      model_format: 'gguf',
      model_family: model.family,
      model_families: [model.family],
      model_type: model.parameterSize,
      file_type: model.quantization,
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [] },
    }),
  );
  const template = Buffer.from('{{ .Prompt }}');
  const layers = [
    { mediaType: 'application/vnd.ollama.image.model', data: model.weights },
    { mediaType: 'application/vnd.ollama.image.template', data: template },
  ];
  const configDigest = await pushBlob(base, repository, config);
  const manifest = {
    schemaVersion: 2,
    mediaType: MANIFEST_TYPE,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: configDigest, size: config.length },
    layers: await Promise.all(
      layers.map(async (l) => ({
        mediaType: l.mediaType,
        digest: await pushBlob(base, repository, l.data),
        size: l.data.length,
      })),
    ),
  };
  const put = await fetch(`${base}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'Content-Type': MANIFEST_TYPE },
    body: JSON.stringify(manifest),
  });
  if (put.status !== 201) throw new Error(`manifest: HTTP ${put.status} ${await put.text()}`);
  return { downloadBytes: config.length + model.weights.length + template.length };
}
