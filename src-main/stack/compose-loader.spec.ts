import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from './compose-loader';

const dirs: string[] = [];
function files(map: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'sutazai-loader-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(map)) writeFileSync(join(d, name), text);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('loadProject', () => {
  it('resolves relative paths of every file from the project directory, so an override elsewhere keeps the mounts', () => {
    const project = files({
      'stack.yml':
        'services:\n  prom:\n    image: p\n    env_file: [prom.env]\n    volumes: ["./config/prom.yml:/etc/prom.yml:ro"]\n',
      'prom.env': 'A=1\n',
    });
    const home = files({
      'compose.override.yml': 'services:\n  prom:\n    image: q\n    volumes: ["./extra:/extra"]\n',
    });
    const model = loadProject({ files: [join(project, 'stack.yml'), join(home, 'compose.override.yml')], env: {} });
    expect(model.services.prom!.image).toBe('q');
    expect(model.services.prom!.environment).toEqual({ A: '1' });
    expect(model.services.prom!.mounts.map((m) => m.source)).toEqual([
      join(project, 'config/prom.yml'),
      join(project, 'extra'),
    ]);
  });

  it('resolves ports, mounts, environment, healthcheck, resources and depends_on in both forms', () => {
    const dir = files({
      'a.yml': `name: demo
services:
  db:
    image: postgres:16
    environment: [POSTGRES_DB=app, FROM_ENV]
    ports: ["127.0.0.1:5432:5432", "9000", {target: 80, published: 8080, host_ip: 127.0.0.1}]
    volumes: ["data:/var/lib/postgresql/data", "./init:/docker-entrypoint-initdb.d:ro", "/anon"]
    healthcheck: {test: "pg_isready", interval: 1m30s, timeout: 5s, retries: 4, start_period: 250ms}
    deploy: {resources: {limits: {cpus: "1.5", memory: 512M}, reservations: {memory: 1g}}}
  app:
    image: app:1
    command: node server.js --port "8 0"
    depends_on: [db]
  worker:
    image: app:1
    depends_on: {db: {condition: service_healthy}, app: {condition: service_started, required: false}}
volumes:
  data:
`,
    });
    const p = loadProject({ files: [join(dir, 'a.yml')], env: { FROM_ENV: 'yes' } });
    expect(p.name).toBe('demo');
    const db = p.services.db!;
    expect(db.environment).toEqual({ POSTGRES_DB: 'app', FROM_ENV: 'yes' });
    expect(db.ports).toEqual([
      { hostIp: '127.0.0.1', hostPort: 5432, containerPort: 5432, protocol: 'tcp' },
      { hostIp: '', containerPort: 9000, protocol: 'tcp' },
      { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    ]);
    expect(db.mounts).toEqual([
      { type: 'volume', source: 'data', target: '/var/lib/postgresql/data', readOnly: false },
      { type: 'bind', source: join(dir, 'init'), target: '/docker-entrypoint-initdb.d', readOnly: true },
      { type: 'volume', target: '/anon', readOnly: false },
    ]);
    expect(db.healthcheck).toEqual({
      test: ['CMD-SHELL', 'pg_isready'],
      intervalMs: 90_000,
      timeoutMs: 5000,
      retries: 4,
      startPeriodMs: 250,
    });
    expect(db.limits).toEqual({ cpus: 1.5, memoryBytes: 512 * 1024 ** 2 });
    expect(db.reservations).toEqual({ memoryBytes: 1024 ** 3 });
    expect(p.services.app!.command).toEqual(['node', 'server.js', '--port', '8 0']);
    expect(p.services.app!.dependsOn).toEqual({ db: { condition: 'service_started', required: true, restart: false } });
    expect(p.services.worker!.dependsOn.app).toEqual({ condition: 'service_started', required: false, restart: false });
  });

  it('names file, line and field in every error', () => {
    const bad = (yaml: string) =>
      errorOf(() =>
        loadProject({ files: [join(files({ 'agents.yml': yaml }), 'agents.yml')], displayRoot: dirs[dirs.length - 1] }),
      );
    expect(bad('services:\n  flowise:\n    image: f:1\n    ports:\n      - "80:80:80"\n')).toBe(
      "agents.yml:5: services.flowise.ports[0]: '80:80:80' is not a port mapping (host address '80' is not an IPv4 or IPv6 address)",
    );
    expect(bad('services:\n  a:\n    image: a:1\n    ports: ["70000:80"]\n')).toMatch(
      /^agents\.yml:4: services\.a\.ports\[0\]: '70000:80' is not a port mapping/,
    );
    expect(bad('services:\n  a:\n    command: x\n')).toBe(
      'agents.yml:2: services.a.image: every service needs an image (or a build)',
    );
    expect(bad('services:\n  a:\n    image: a:1\n    depends_on: [nope]\n')).toBe(
      "agents.yml:4: services.a.depends_on: depends on 'nope', which is not a service",
    );
    expect(bad('services:\n  a:\n    image: a:1\n    volumes: ["data:/x"]\n')).toMatch(
      /^agents\.yml:4: services\.a\.volumes\[0\]: 'data:\/x': volume 'data' is not declared/,
    );
    expect(bad('services:\n  a:\n    image: a:1\n    healthcheck: {test: [CMD, x], interval: soon}\n')).toBe(
      "agents.yml:4: services.a.healthcheck.interval: 'soon' is not a duration (e.g. 30s, 1m30s)",
    );
    expect(bad('services:\n  a:\n    image: ${PASS:?is needed}\n')).toBe(
      'agents.yml:3: services.a.image: required variable PASS is missing: is needed',
    );
    expect(bad('services:\n  a:\n    image: a:1\n  a:\n    image: b:1\n')).toMatch(
      /^agents\.yml:4: invalid YAML: Map keys must be unique/,
    );
    expect(bad('services:\n  a:\n    image: a:1\n    labels: {ai.sutazai.tier: vital}\n')).toBe(
      "agents.yml:4: services.a.labels.ai.sutazai.tier: 'vital' is not a tier (critical, core or optional)",
    );
    expect(bad('services:\n  a:\n    image: a:1\n    ports: ["1:1"]\n  b:\n    image: b:1\n    ports: ["1:2"]\n')).toBe(
      "agents.yml:7: services.b.ports[0]: host port 1/tcp is also published by 'a'",
    );
  });

  it("takes only an IPv4 or IPv6 address as a published port's host address", () => {
    const load = (ports: string) =>
      loadProject({
        files: [join(files({ 'a.yml': `services:\n  web:\n    image: w:1\n    ports: ${ports}\n` }), 'a.yml')],
        displayRoot: dirs[dirs.length - 1],
      });
    const bad = (ports: string) => errorOf(() => load(ports));
    expect(bad('["80:80:80:80"]')).toBe(
      "a.yml:4: services.web.ports[0]: '80:80:80:80' is not a port mapping (host address '80:80' is not an IPv4 or IPv6 address)",
    );
    expect(bad('["1.2.3:80:80"]')).toBe(
      "a.yml:4: services.web.ports[0]: '1.2.3:80:80' is not a port mapping (host address '1.2.3' is not an IPv4 or IPv6 address)",
    );
    expect(bad('["256.0.0.1:80:80"]')).toMatch(/host address '256\.0\.0\.1' is not an IPv4 or IPv6 address/);
    expect(bad('["[80:80]:80:80"]')).toMatch(/host address '80:80' is not an IPv4 or IPv6 address/);
    expect(bad('["[::1:80:80"]')).toMatch(/a bracketed host address is followed by ':' and the ports/);
    expect(bad('[{target: 80, published: 8080, host_ip: "localhost"}]')).toMatch(
      /^a\.yml:4: services\.web\.ports\[0\]: .*host address 'localhost' is not an IPv4 or IPv6 address/,
    );
    const ok = (ports: string) => load(ports).services.web!.ports.map((p) => [p.hostIp, p.hostPort, p.containerPort]);
    expect(ok('["[::1]:80:80"]')).toEqual([['::1', 80, 80]]);
    expect(ok('["::1:8081:80"]')).toEqual([['::1', 8081, 80]]);
    expect(ok('["127.0.0.1:8080:80", "0.0.0.0:8443:443"]')).toEqual([
      ['127.0.0.1', 8080, 80],
      ['0.0.0.0', 8443, 443],
    ]);
    expect(ok('["[fe80::1]:9000:90/udp"]')).toEqual([['fe80::1', 9000, 90]]);
    expect(ok('[{target: 80, published: 8080, host_ip: "::"}]')).toEqual([['::', 8080, 80]]);
  });

  it('selects services by profile and pulls in what they depend on', () => {
    const dir = files({
      'a.yml': `services:
  always: {image: a:1}
  db: {image: d:1, profiles: [data]}
  ui: {image: u:1, profiles: [web], depends_on: [db]}
`,
    });
    const load = (profiles: string[]) => Object.keys(loadProject({ files: [join(dir, 'a.yml')], profiles }).services);
    expect(load([])).toEqual(['always']);
    expect(load(['web'])).toEqual(['always', 'db', 'ui']);
    expect(loadProject({ files: [join(dir, 'a.yml')] }).profiles).toEqual(['data', 'web']);
    expect(errorOf(() => load(['nope']))).toBe("no service is in profile 'nope' (profiles: data, web)");
  });

  it('merges later files over earlier ones and resolves extends', () => {
    const dir = files({
      'base.yml': `services:
  api:
    image: api:1
    environment: {A: "1", B: "1"}
    ports: ["127.0.0.1:8000:8000"]
    volumes: ["./a:/data", "/tmp:/scratch"]
    depends_on: [common]
  common:
    image: shared:1
    labels: {team: core}
`,
      'override.yml': `services:
  api:
    image: api:2
    environment: {B: "2"}
    ports: ["127.0.0.1:8001:8001"]
    volumes: [{type: bind, source: ./b, target: /data}]
    depends_on: {worker: {condition: service_healthy}}
  worker:
    extends: common
    command: ["work"]
  remote:
    extends: {file: ./more.yml, service: tool}
`,
      'more.yml': `services:
  tool:
    image: tool:3
    environment: [T=1]
`,
    });
    const p = loadProject({ files: [join(dir, 'base.yml'), join(dir, 'override.yml')] });
    expect(p.services.api!.image).toBe('api:2');
    expect(p.services.api!.environment).toEqual({ A: '1', B: '2' });
    expect(p.services.api!.ports.map((x) => x.hostPort)).toEqual([8000, 8001]);
    expect(p.services.api!.mounts.map((m) => `${m.source}:${m.target}`)).toEqual([
      '/tmp:/scratch',
      `${join(dir, 'b')}:/data`,
    ]);
    expect(Object.keys(p.services.api!.dependsOn)).toEqual(['common', 'worker']);
    expect(p.services.worker).toMatchObject({ image: 'shared:1', command: ['work'], labels: { team: 'core' } });
    expect(p.services.remote).toMatchObject({ image: 'tool:3', environment: { T: '1' } });
  });

  it('reports compose keys it does not act on instead of dropping them silently', () => {
    const dir = files({
      'a.yml':
        'services:\n  a:\n    image: a:1\n    sysctls: {net.core.somaxconn: 1024}\n    dns: [1.1.1.1]\nmodels:\n  m: {model: ai/smollm2}\n',
    });
    const p = loadProject({ files: [join(dir, 'a.yml')], displayRoot: dir });
    expect(p.ignored.map((i) => `${i.pos.file}:${i.pos.line}: ${i.path}`)).toEqual([
      'a.yml:6: models',
      'a.yml:4: services.a.sysctls',
      'a.yml:5: services.a.dns',
    ]);
  });

  it('reports unsupported keys nested in deploy, networks, healthcheck, ports and volumes with their lines', () => {
    const dir = files({
      'a.yml': `services:
  llm:
    image: ollama/ollama:0.5.7
    deploy:
      replicas: 2
      resources:
        limits: {memory: 8G, pids: 100}
        reservations:
          memory: 2G
          devices: [{driver: nvidia, count: all, capabilities: [gpu]}]
    networks:
      back: {aliases: [llm], ipv4_address: 172.28.0.5}
    healthcheck: {test: [CMD, ollama, list], interval: 5s}
    ports: [{target: 11434, published: 11434, app_protocol: http}]
    volumes: [{type: volume, source: models, target: /root/.ollama, volume: {nocopy: true}}]
networks:
  back: {internal: true}
volumes:
  models: {driver_opts: {type: tmpfs, device: tmpfs}}
`,
    });
    const p = loadProject({ files: [join(dir, 'a.yml')], displayRoot: dir });
    expect(p.ignored.map((i) => `${i.pos.line}: ${i.path}`)).toEqual([
      '5: services.llm.deploy.replicas',
      '7: services.llm.deploy.resources.limits.pids',
      '12: services.llm.networks.back.ipv4_address',
      '14: services.llm.ports[0].app_protocol',
      '15: services.llm.volumes[0].volume',
    ]);
    expect(p.services.llm!.networks).toEqual({ back: ['llm'] });
    expect(p.services.llm!.limits).toEqual({ memoryBytes: 8 * 1024 ** 3 });
  });
});
