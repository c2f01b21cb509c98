import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from './compose-loader';
import { containerCreateOptions } from './container-spec';

const dirs: string[] = [];
function project(map: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'sutazai-compose-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(map)) {
    mkdirSync(dirname(join(d, name)), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const load = (dir: string, extra: Parameters<typeof loadProject>[0] = {}) =>
  loadProject({ files: [join(dir, 'compose.yml')], env: {}, displayRoot: dir, ...extra });

describe('variables: .env, --env-file, env_file', () => {
  const files = {
    'compose.yml': `services:
  app:
    image: app:\${TAG}
    env_file: [app.env, {path: optional.env, required: false}]
    environment: {FROM_COMPOSE: "\${GREETING:-hi}", NOTSET: "\${NOPE}"}
`,
    '.env': 'TAG=1.2\nGREETING=hello ${WHO:-world}\nCOMPOSE_PROJECT_NAME=fromdotenv\n',
    'other.env': 'TAG=9.9\n',
    'app.env': "DB_TYPE=${DB_TYPE:-postgresql}\nPROFILES=${DB_TYPE:-postgresql},weaviate\nLITERAL='${TAG}'\n",
  };

  it('reads .env beside the compose file, interpolates env_file contents, and the environment wins', () => {
    const p = load(project(files), { env: { WHO: 'you', DB_TYPE: 'mysql' } });
    expect(p.name).toBe('fromdotenv');
    expect(p.services.app!.image).toBe('app:1.2');
    expect(p.services.app!.environment).toEqual({
      DB_TYPE: 'mysql',
      PROFILES: 'mysql,weaviate',
      LITERAL: '${TAG}',
      FROM_COMPOSE: 'hello you',
      NOTSET: '',
    });
    expect(load(dirs[0]!, { env: { TAG: 'env' } }).services.app!.image).toBe('app:env');
    expect(p.envFiles).toEqual([join(dirs[0]!, '.env')]);
  });

  it('--env-file replaces .env', () => {
    const d = project(files);
    expect(load(d, { envFiles: ['other.env'] }).services.app!.image).toBe('app:9.9');
  });

  it('warns about each unset variable with where it is used', () => {
    const p = load(project(files));
    expect(p.warnings.map((w) => `${w.pos?.file}:${w.pos?.line}: ${w.message}`)).toEqual([
      'compose.yml:5: variable NOPE is not set; it is read as an empty string',
    ]);
  });
});

describe('profiles', () => {
  const files = {
    'compose.yml': `services:
  api: {image: api:1}
  vector: {image: weaviate:1, profiles: [weaviate]}
  pg: {image: postgres:16, profiles: [postgresql]}
  couchbase:
    build: ./couchbase-server
    profiles: [couchbase]
    ports: ["not a port"]
`,
  };

  it('activates several at once, from the option or COMPOSE_PROFILES, and * for all', () => {
    const d = project(files);
    expect(Object.keys(load(d, { profiles: ['weaviate', 'postgresql'] }).services)).toEqual(['api', 'pg', 'vector']);
    expect(Object.keys(load(d, { env: { COMPOSE_PROFILES: 'postgresql, weaviate' } }).services)).toEqual([
      'api',
      'pg',
      'vector',
    ]);
    expect(Object.keys(load(d, { env: { COMPOSE_PROFILES: 'postgresql' }, profiles: [] }).services)).toEqual(['api']);
  });

  it('checks services of inactive profiles against the schema only', () => {
    const d = project(files);
    expect(load(d).profiles).toEqual(['couchbase', 'postgresql', 'weaviate']);
    expect(() => load(d, { profiles: ['couchbase'] })).toThrow(
      "compose.yml:8: services.couchbase.ports[0]: 'not a port' is not a port mapping",
    );
    writeFileSync(
      join(d, 'compose.yml'),
      files['compose.yml'].replace('    profiles: [couchbase]', '    profiles: [couchbase]\n    buidl: x'),
    );
    expect(() => load(d)).toThrow("compose.yml:8: services.couchbase.buidl: unknown key; did you mean 'build'?");
  });
});

describe('build', () => {
  it('uses the image when there is one, and names the image of a build-only service after the project', () => {
    const d = project({
      'compose.yml': `name: Demo
services:
  both: {image: "registry.local:5000/team/app:2", build: {context: ./app, args: [VERSION=2, FROM_ENV], target: prod}}
  only: {build: ./worker}
  inline: {build: {dockerfile_inline: "FROM busybox"}}
`,
    });
    const p = load(d, { env: { FROM_ENV: 'x' } });
    expect(p.services.both).toMatchObject({
      image: 'registry.local:5000/team/app:2',
      pullPolicy: 'missing',
      build: {
        buildOnly: false,
        context: join(d, 'app'),
        dockerfile: 'Dockerfile',
        args: { VERSION: '2', FROM_ENV: 'x' },
        target: 'prod',
      },
    });
    expect(p.services.only).toMatchObject({
      image: 'demo-only',
      pullPolicy: 'missing',
      build: { context: join(d, 'worker'), buildOnly: true },
    });
    expect(p.services.inline!.build).toMatchObject({ context: d, dockerfileInline: 'FROM busybox' });
  });
});

describe('include', () => {
  it('loads an included project with its own folder and .env, under the including project', () => {
    const d = project({
      'compose.yml': `include:
  - path: ./db/compose.yml
services:
  web: {image: web:1, depends_on: [db], volumes: ["./site:/site"]}
`,
      'db/compose.yml':
        'services:\n  db:\n    image: postgres:${PG}\n    volumes: ["./init:/docker-entrypoint-initdb.d"]\n',
      'db/.env': 'PG=16\n',
    });
    const p = load(d);
    expect(p.services.db).toMatchObject({
      image: 'postgres:16',
      mounts: [{ type: 'bind', source: join(d, 'db', 'init'), target: '/docker-entrypoint-initdb.d' }],
    });
    expect(p.services.web!.mounts[0]!.source).toBe(join(d, 'site'));
    expect(load(d, { env: { PG: '17' } }).services.db!.image).toBe('postgres:17');
  });

  it('names an include cycle', () => {
    const d = project({
      'compose.yml': 'include: [./b.yml]\nservices: {a: {image: a:1}}\n',
      'b.yml': 'include: [./compose.yml]\n',
    });
    expect(() => load(d)).toThrow(
      /b\.yml:1: include\[0\]: include cycle: .*compose\.yml -> .*b\.yml -> .*compose\.yml/,
    );
  });
});

describe('runtime settings reach the container spec', () => {
  const d = () =>
    project({
      'compose.yml': `name: rt
services:
  ollama:
    image: ollama/ollama:0.5.7
    deploy:
      resources:
        reservations:
          devices: [{driver: nvidia, count: all, capabilities: [gpu]}]
    devices: ["/dev/dri:/dev/dri", "/dev/kfd"]
    logging: {driver: local, options: {max-size: 10m}}
    volumes: ["./models:/models:ro,z"]
    secrets: [db_password]
    configs: [{source: app_config, target: /etc/app.yml}]
    healthcheck: {disable: false}
  sidecar:
    image: busybox:1.36
    network_mode: "service:ollama"
  exporter:
    image: prom/node-exporter:v1.8.2
    network_mode: host
    pid: host
    privileged: true
    ports: ["9100:9100"]
  gpu2:
    image: busybox:1.36
    gpus: [{driver: nvidia, device_ids: ["0", "1"]}]
    ports: ["127.0.0.1:7000-7002:7000-7002", "8000-8010:80/udp"]
    networks: [back]
networks:
  back: {internal: true, driver_opts: {com.docker.network.bridge.name: br-back}}
secrets:
  db_password: {file: ./secrets/db_password.txt}
configs:
  app_config: {file: ./app.yml}
`,
    });

  it('GPU reservations become the engine DeviceRequests; devices, logging, :z, secrets and configs too', () => {
    const dir = d();
    const p = load(dir);
    const ollama = containerCreateOptions(p, p.services.ollama!);
    expect(ollama.HostConfig!.DeviceRequests).toEqual([
      { Driver: 'nvidia', Count: -1, DeviceIDs: [], Capabilities: [['gpu']], Options: {} },
    ]);
    expect(ollama.HostConfig!.Devices).toEqual([
      { PathOnHost: '/dev/dri', PathInContainer: '/dev/dri', CgroupPermissions: 'rwm' },
      { PathOnHost: '/dev/kfd', PathInContainer: '/dev/kfd', CgroupPermissions: 'rwm' },
    ]);
    expect(ollama.HostConfig!.LogConfig).toEqual({ Type: 'local', Config: { 'max-size': '10m' } });
    expect(ollama.HostConfig!.Binds).toEqual([`${join(dir, 'models')}:/models:ro,z`]);
    expect(ollama.HostConfig!.Mounts).toEqual([
      {
        Type: 'bind',
        Source: join(dir, 'secrets', 'db_password.txt'),
        Target: '/run/secrets/db_password',
        ReadOnly: true,
      },
      { Type: 'bind', Source: join(dir, 'app.yml'), Target: '/etc/app.yml', ReadOnly: true },
    ]);
    expect(ollama.Healthcheck).toEqual({ Interval: 30e9, Timeout: 30e9, Retries: 3, StartPeriod: 0 });
    const gpu2 = containerCreateOptions(p, p.services.gpu2!);
    expect(gpu2.HostConfig!.DeviceRequests).toEqual([
      { Driver: 'nvidia', Count: 0, DeviceIDs: ['0', '1'], Capabilities: [['gpu']], Options: {} },
    ]);
    expect(gpu2.HostConfig!.PortBindings).toEqual({
      '7000/tcp': [{ HostIp: '127.0.0.1', HostPort: '7000' }],
      '7001/tcp': [{ HostIp: '127.0.0.1', HostPort: '7001' }],
      '7002/tcp': [{ HostIp: '127.0.0.1', HostPort: '7002' }],
      '80/udp': [{ HostIp: '', HostPort: '8000-8010' }],
    });
    expect(gpu2.HostConfig!.NetworkMode).toBe('rt_back');
    expect(p.networks.back).toMatchObject({
      name: 'rt_back',
      internal: true,
      driverOpts: { 'com.docker.network.bridge.name': 'br-back' },
    });
  });

  it('network_mode host, none and service:x; privileged and pid', () => {
    const p = load(d());
    const exporter = containerCreateOptions(p, p.services.exporter!);
    expect([
      exporter.HostConfig!.NetworkMode,
      exporter.HostConfig!.Privileged,
      exporter.HostConfig!.PidMode,
      exporter.NetworkingConfig,
    ]).toEqual(['host', true, 'host', undefined]);
    expect(exporter.HostConfig!.PortBindings).toEqual({});
    const sidecar = containerCreateOptions(p, p.services.sidecar!);
    expect(sidecar.HostConfig!.NetworkMode).toBe('container:rt-ollama-1');
    expect(Object.keys(load(dirs[0]!).services)).toContain('ollama');
  });

  it('refuses network_mode with networks, a secret that is not a file, and an undeclared secret', () => {
    const bad = (yaml: string) => () => load(project({ 'compose.yml': yaml }));
    expect(
      bad('services:\n  a:\n    image: a:1\n    network_mode: host\n    networks: [x]\nnetworks: {x: {}}\n'),
    ).toThrow('compose.yml:4: services.a.network_mode: network_mode and networks cannot both be set');
    expect(bad('services:\n  a:\n    image: a:1\n    secrets: [s]\nsecrets:\n  s: {environment: TOKEN}\n')).toThrow(
      "compose.yml:6: secrets.s: only file-based secrets are supported (this one is 'environment')",
    );
    expect(bad('services:\n  a:\n    image: a:1\n    secrets: [t]\nsecrets:\n  s: {file: ./s}\n')).toThrow(
      "compose.yml:4: services.a.secrets[0]: 't' is not declared in the top-level secrets",
    );
  });
});

describe('fixtures/projects/immich, which docker-compose v1 cannot read, against the compose specification', () => {
  it('loads name, env_file, the port with a `-` default, healthcheck.disable and binds from .env', () => {
    const dir = join(__dirname, 'fixtures', 'projects', 'immich');
    const p = loadProject({ files: [join(dir, 'docker-compose.yml')], env: {} });
    expect(p.name).toBe('immich');
    const server = p.services['immich-server']!;
    expect(server.ports).toEqual([{ hostIp: '', hostPort: 2283, containerPort: 2283, protocol: 'tcp' }]);
    expect(server.healthcheck?.test).toEqual([]);
    expect(server.containerName).toBe('immich_server');
    expect(server.mounts[0]).toEqual({ type: 'bind', source: join(dir, 'library'), target: '/data', readOnly: false });
    expect(server.environment).toMatchObject({ DB_USERNAME: 'postgres', UPLOAD_LOCATION: './library' });
    expect(p.services.database!.shmSizeBytes).toBe(128 * 1024 ** 2);
    expect(p.services.redis!.image).toMatch(/^docker\.io\/valkey\/valkey:8-bookworm@sha256:[0-9a-f]{64}$/);
    expect(p.warnings).toEqual([]);
  });
});
