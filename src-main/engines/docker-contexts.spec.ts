import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDockerContexts } from './docker-contexts';
import { EngineRegistry } from './engine-registry';

const base = mkdtempSync(join(tmpdir(), 'sutazai-contexts-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Writes a context the way `docker context create` stores it. */
function context(configDir: string, name: string, host: string, tls = false): void {
  const id = createHash('sha256').update(name).digest('hex');
  mkdirSync(join(configDir, 'contexts', 'meta', id), { recursive: true });
  writeFileSync(
    join(configDir, 'contexts', 'meta', id, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
  );
  if (tls) {
    const dir = join(configDir, 'contexts', 'tls', id, 'docker');
    mkdirSync(dir, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), 'pem');
  }
}

describe('docker contexts', () => {
  const docker = join(base, 'docker');
  context(docker, 'gpu box', 'ssh://me@gpu.lan');
  context(docker, 'farm', 'tcp://farm.lan:2376', true);

  it('reads each context with its endpoint and TLS files', () => {
    const id = createHash('sha256').update('farm').digest('hex');
    expect(readDockerContexts(docker)).toEqual([
      {
        name: 'farm',
        url: 'tcp://farm.lan:2376',
        origin: 'context',
        tls: {
          ca: join(docker, 'contexts', 'tls', id, 'docker', 'ca.pem'),
          cert: join(docker, 'contexts', 'tls', id, 'docker', 'cert.pem'),
          key: join(docker, 'contexts', 'tls', id, 'docker', 'key.pem'),
        },
      },
      { name: 'gpu-box', url: 'ssh://me@gpu.lan', origin: 'context' },
    ]);
    expect(readDockerContexts(join(base, 'none'))).toEqual([]);
  });

  it('imports the contexts once, keeping engines the user added under the same name', () => {
    const home = join(base, 'home');
    const registry = new EngineRegistry({
      home,
      env: { DOCKER_CONFIG: docker },
      userHome: base,
      discovered: () => ({ url: 'unix:///var/run/docker.sock', source: 'default-socket', tried: [] }),
    });
    registry.add({ name: 'farm', url: 'ssh://ops@farm.lan' });
    expect(registry.importContexts()).toEqual(['gpu-box']);
    expect(registry.importContexts()).toEqual([]);
    expect(registry.entries().map((e) => [e.name, e.url, e.origin])).toEqual([
      ['farm', 'ssh://ops@farm.lan', 'added'],
      ['gpu-box', 'ssh://me@gpu.lan', 'context'],
    ]);
    expect(() => registry.add({ name: 'local', url: 'ssh://x@y' })).toThrow(/already exists/);
    expect(() => registry.remove('nope')).toThrow(/No engine named 'nope'/);
  });
});
