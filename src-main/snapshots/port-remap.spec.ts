import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../stack';
import { imageKind } from './capture-plan';
import { checkMoves, planPortMoves, rewritePorts } from './port-remap';

const dir = mkdtempSync(join(tmpdir(), 'sutazai-ports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const listen = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });

describe("a clone's ports", () => {
  it('moves each published port to a free one the stack does not use, and writes them into the templates', async () => {
    const held = await listen(0);
    const base = (held.address() as { port: number }).port;
    const file = join(dir, 'core.yml');
    writeFileSync(
      file,
      [
        '# the stack',
        'services:',
        '  db:',
        '    image: postgres:16.4-alpine',
        `    ports: ["127.0.0.1:${base}:5432"]  # keep this comment`,
        '  web:',
        '    image: nginx',
        '    ports:',
        `      - target: 80`,
        `        published: ${base + 5}`,
        '        host_ip: 127.0.0.1',
        '      - "9000"',
        '',
      ].join('\n'),
    );
    const model = loadProject({ files: [file], projectDir: dir, projectName: 'clone', env: {} });
    // base+1 is what the stack itself publishes elsewhere; base+2 is taken on this machine now.
    const taken = await listen(base + 2);
    try {
      const moves = await planPortMoves(model, ['db', 'web'], new Set([base, base + 1, base + 5]));
      expect(moves).toEqual([
        { service: 'db', containerPort: 5432, protocol: 'tcp', hostIp: '127.0.0.1', from: base, to: base + 3 },
        { service: 'web', containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', from: base + 5, to: base + 6 },
      ]);
      rewritePorts([file], moves);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(`ports: [ "127.0.0.1:${base + 3}:5432" ] # keep this comment`);
      expect(text).toContain(`published: ${base + 6}`);
      expect(text).toContain('- "9000"');
      checkMoves(loadProject({ files: [file], projectDir: dir, projectName: 'clone', env: {} }), moves);
      expect(() => checkMoves(model, moves)).toThrow(/could not be given other ports for db \d+, web \d+/);
    } finally {
      held.close();
      taken.close();
    }
  });
});

describe('which database an image is', () => {
  it('reads the repository name, whatever the registry, tag or digest', () => {
    expect(imageKind('postgres:16.4-alpine')).toBe('postgres');
    expect(imageKind('docker.io/library/postgres@sha256:abc')).toBe('postgres');
    expect(imageKind('sutazai-test/postgres:15-debian')).toBe('postgres');
    expect(imageKind('pgvector/pgvector:pg16')).toBe('postgres');
    expect(imageKind('redis:7.4.1-alpine')).toBe('redis');
    expect(imageKind('qdrant/qdrant:v1.12.4')).toBe('qdrant');
    expect(imageKind('neo4j:5.26.0-community')).toBe('neo4j');
    expect(imageKind('ollama/ollama:0.5.7')).toBe('ollama');
    expect(imageKind('prometheuscommunity/postgres-exporter:v0.16.0')).toBeUndefined();
    expect(imageKind('localhost:5000/redis-exporter')).toBeUndefined();
  });
});
