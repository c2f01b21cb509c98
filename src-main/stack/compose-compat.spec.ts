import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadProject, templateFiles } from './compose-loader';
import { readProjectEnvironment } from './project-environment';
import { parsePorts } from './port-spec';
import { asCommand, asStringMap, parseDependsOn, parseHealthcheck, parseMount } from './service-fields';
import { parseBytes } from './units';

/**
 * The loader must agree with `docker-compose config` (Debian's v1, the peer) on what both
 * support: images, environment, ports, mounts, commands, depends_on, healthchecks, limits,
 * profiles. Each side is reduced to the same plain shape and compared.
 */
function composeV1(): boolean {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('CI=true but docker-compose is not installed');
    console.warn('\n  ⚠ docker-compose not installed: the compatibility comparison is skipped\n');
    return false;
  }
}

const fixtures = join(__dirname, 'fixtures');
const templates = join(__dirname, '..', '..', 'compose-templates');
const secrets = Object.fromEntries(
  [
    'POSTGRES_PASSWORD',
    'REDIS_PASSWORD',
    'QDRANT_API_KEY',
    'CHROMA_TOKEN',
    'NEO4J_PASSWORD',
    'RABBITMQ_PASSWORD',
    'LITELLM_MASTER_KEY',
    'GRAFANA_ADMIN_PASSWORD',
    'FLOWISE_PASSWORD',
    'LANGFLOW_SECRET_KEY',
    'N8N_ENCRYPTION_KEY',
    'LETTA_SERVER_PASSWORD',
    'DB_ROOT_PASSWORD',
    'SUTAZAI_API_TOKEN',
  ].map((k) => [k, `test-${k.toLowerCase()}`]),
);

interface Shape {
  image: string;
  environment: Record<string, string>;
  ports: string[];
  mounts: string[];
  command?: string[];
  entrypoint?: string[];
  restart: string;
  networks: string[];
  dependsOn: Record<string, string>;
  healthcheck?: string;
  memory?: number;
  cpus?: number;
  profiles: string[];
}

function fromV1(files: string[], profiles: string[], env: Record<string, string>): Record<string, Shape> {
  const args = [...files.flatMap((f) => ['-f', f]), ...profiles.flatMap((p) => ['--profile', p]), 'config'];
  // `config` writes every literal `$` as `$$` so that its output can be loaded again; undo that.
  const out = execFileSync('docker-compose', args, {
    encoding: 'utf8',
    cwd: dirname(files[0]!),
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).replace(/\$\$/g, '$');
  const doc = parse(out) as { services: Record<string, Record<string, unknown>> };
  const volumes = new Set(Object.keys((parse(out) as { volumes?: object }).volumes ?? {}));
  const shapes: Record<string, Shape> = {};
  for (const [name, s] of Object.entries(doc.services)) {
    const deployLimits =
      (s.deploy as { resources?: { limits?: { memory?: unknown; cpus?: unknown } } })?.resources?.limits ?? {};
    // v1 keeps the legacy service-level mem_limit / cpus as they are.
    const limits = { memory: deployLimits.memory ?? s.mem_limit, cpus: deployLimits.cpus ?? s.cpus };
    const hc = s.healthcheck ? parseHealthcheck(s.healthcheck) : undefined;
    const command = asCommand(s.command);
    const entrypoint = asCommand(s.entrypoint);
    const restart = String(s.restart ?? 'no');
    shapes[name] = {
      // v1 names a build-only service's image `<project>_<service>`; the specification (and compose v2) `<project>-<service>`.
      image:
        s.image === undefined && s.build
          ? `${basename(dirname(files[0]!))
              .toLowerCase()
              .replace(/[^a-z0-9_-]/g, '')}-${name}`
          : String(s.image),
      environment: asStringMap(s.environment, () => undefined),
      ports: ((s.ports ?? []) as unknown[]).flatMap((p) => parsePorts(p).map(portKey)).sort(),
      mounts: ((s.volumes ?? []) as unknown[]).map((m) => mountKey(parseMount(m, '/', volumes))).sort(),
      ...(command ? { command } : {}),
      ...(entrypoint ? { entrypoint } : {}),
      restart: restart.startsWith('on-failure') ? 'on-failure' : restart,
      networks: s.network_mode
        ? []
        : s.networks
          ? (Array.isArray(s.networks) ? s.networks.map(String) : Object.keys(s.networks)).sort()
          : ['default'],
      dependsOn: Object.fromEntries(Object.entries(parseDependsOn(s.depends_on)).map(([k, v]) => [k, v.condition])),
      ...(hc ? { healthcheck: JSON.stringify(hc) } : {}),
      ...(limits.memory !== undefined ? { memory: parseBytes(limits.memory)! } : {}),
      ...(limits.cpus !== undefined ? { cpus: Number(limits.cpus) } : {}),
      profiles: ((s.profiles ?? []) as string[]).slice().sort(),
    };
  }
  // `docker-compose config` (v1) prints every service whatever the profiles; keep those the
  // profiles enable, with what they depend on, as `up` would start them.
  const keep = new Set(
    Object.keys(shapes).filter(
      (n) => shapes[n]!.profiles.length === 0 || shapes[n]!.profiles.some((p) => profiles.includes(p)),
    ),
  );
  for (const n of [...keep]) {
    const stack = [n];
    while (stack.length) {
      for (const d of Object.keys(shapes[stack.pop()!]!.dependsOn)) {
        if (keep.has(d)) continue;
        keep.add(d);
        stack.push(d);
      }
    }
  }
  return Object.fromEntries(Object.entries(shapes).filter(([n]) => keep.has(n)));
}

function fromOurs(files: string[], profiles: string[], env: Record<string, string>): Record<string, Shape> {
  const p = loadProject({ files, profiles, env });
  return Object.fromEntries(
    Object.values(p.services).map((s) => [
      s.name,
      {
        image: s.image,
        environment: s.environment,
        ports: s.ports.map(portKey).sort(),
        mounts: s.mounts.map(mountKey).sort(),
        ...(s.command ? { command: s.command } : {}),
        ...(s.entrypoint ? { entrypoint: s.entrypoint } : {}),
        restart: s.restart,
        networks: Object.keys(s.networks).sort(),
        dependsOn: Object.fromEntries(Object.entries(s.dependsOn).map(([k, v]) => [k, v.condition])),
        ...(s.healthcheck ? { healthcheck: JSON.stringify(s.healthcheck) } : {}),
        ...(s.limits.memoryBytes !== undefined ? { memory: s.limits.memoryBytes } : {}),
        ...(s.limits.cpus !== undefined ? { cpus: s.limits.cpus } : {}),
        profiles: s.profiles.slice().sort(),
      },
    ]),
  );
}

const portKey = (p: { hostIp: string; hostPort?: number; containerPort: number; protocol: string }) =>
  `${p.hostIp}|${p.hostPort ?? ''}|${p.containerPort}/${p.protocol}`;
// Port and mount order carry no meaning (v1 sorts them); bind sources are absolute on both sides.
const mountKey = (m: { type: string; source?: string; target: string; readOnly: boolean }) =>
  `${m.type}|${m.source ?? ''}|${m.target}|${m.readOnly ? 'ro' : 'rw'}`;

describe.skipIf(!composeV1())('the loader agrees with docker-compose config', () => {
  it.each([
    ['wordpress.yml', []],
    ['gitea.yml', []],
    ['monitoring.yml', []],
    ['monitoring.yml', ['ui']],
    ['airflow.yml', []],
    ['airflow.yml', ['flower']],
    ['traefik.yml', []],
    ['edges.yml', []],
  ] as [string, string[]][])('%s %j', (file, profiles) => {
    const files = [join(fixtures, file)];
    expect(fromOurs(files, profiles, secrets)).toEqual(fromV1(files, profiles, secrets));
  });

  it('base + override files with extends (merge by mount target, depends_on of both forms)', () => {
    const files = ['base.yml', 'override.yml'].map((f) => join(fixtures, 'override', f));
    expect(fromOurs(files, [], secrets)).toEqual(fromV1(files, [], secrets));
    expect(Object.keys(fromOurs(files, ['never'], secrets)).sort()).toEqual([
      'api',
      'base-worker',
      'db',
      'tool',
      'web',
      'web2',
      'worker',
    ]);
  });

  it.each([['minimal'], ['standard'], ['monitoring'], ['agents'], ['full']])(
    'bundled templates, profile %s',
    (profile) => {
      const files = templateFiles(templates);
      expect(fromOurs(files, [profile], secrets)).toEqual(fromV1(files, [profile], secrets));
    },
  );
});

/**
 * A compose project folder (its compose files, or a files.txt listing them, and its .env) with
 * every profile active. Where docker-compose v1 reads it, every service must agree field by
 * field; where v1 is older than the file, the project must load (and the spec that names the
 * project checks its values against the compose specification).
 */
function checkProject(dir: string, name: string): void {
  const list = existsSync(join(dir, 'files.txt'))
    ? readFileSync(join(dir, 'files.txt'), 'utf8').split('\n').filter(Boolean)
    : readdirSync(dir).filter((f) => /compose.*\.ya?ml$/.test(f));
  const files = list.map((f) => join(dir, f));
  const env = { PATH: process.env.PATH ?? '' };
  const profiles = loadProject({ files, env, profiles: ['*'] }).profiles;
  const ours = fromOurs(files, profiles, env);
  let theirs: Record<string, Shape> | undefined;
  try {
    theirs = fromV1(files, profiles, env);
  } catch (err) {
    console.warn(
      `  ${name}: docker-compose v1 cannot read it (${
        String((err as { stderr?: string }).stderr ?? err)
          .split('\n')
          .find((l) => /invalid|Unsupported|ERROR/i.test(l)) ?? 'error'
      }); loaded ${Object.keys(ours).length} services`,
    );
  }
  // v1 predates nested defaults (`${A:-${B}}`, in the compose specification's interpolation
  // section): it resolves the inner variable and leaves the outer `}`. Compare with the
  // specification there: the value without that brace.
  const nested = files.some((f) => /\$\{\w+:?-\$\{/.test(readFileSync(f, 'utf8')));
  if (theirs && nested) {
    for (const svc of Object.values(theirs)) {
      for (const [k, v] of Object.entries(svc.environment)) {
        if (v.endsWith('}') && !v.includes('{')) svc.environment[k] = v.slice(0, -1);
        // `${A:-${B}}` with A unset: v1 keeps `${B}` as text; the specification resolves B.
        const inner = /^\$\{(\w+)\}$/.exec(v);
        if (inner) svc.environment[k] = readProjectEnvironment(dirname(files[0]!), env).values[inner[1]!] ?? '';
      }
    }
  }
  if (theirs) expect(ours).toEqual(theirs);
  expect(Object.keys(ours).length).toBeGreaterThan(0);
}

const projects = join(fixtures, 'projects');
describe.skipIf(!composeV1())(
  'compose projects written after real-world ones (fixtures/projects, sources in fixtures/SOURCES.md)',
  () => {
    it.each(readdirSync(projects))('%s', (name) => checkProject(join(projects, name), name));
  },
);

/** The real-world projects themselves, collected outside this repository (see fixtures/SOURCES.md). */
const corpus = process.env.SUTAZAI_COMPOSE_CORPUS;
const corpusProjects = corpus && existsSync(corpus) ? readdirSync(corpus).filter((d) => !d.startsWith('.')) : [];
describe.skipIf(!corpus || !composeV1())('real-world compose projects from SUTAZAI_COMPOSE_CORPUS', () => {
  it.each(corpusProjects)('%s', (name) => checkProject(join(corpus!, name), name));
});
