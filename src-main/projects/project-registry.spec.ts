import Docker from 'dockerode';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store';
import { ManagedProject } from './managed-project';
import { ProjectRegistry } from './project-registry';
import { ProjectRepository, type ProjectRecord } from './project-repository';
import { checkProjectFolder } from './project-folder';

const fixtures = join(__dirname, '..', 'stack', 'fixtures', 'projects');
const base = mkdtempSync(join(tmpdir(), 'sutazai-registry-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

// No engine behind this socket: what the registry asks the engine fails at once, as on a machine without one.
const docker = new Docker({ socketPath: join(base, 'no-engine.sock') });
const env = { PATH: process.env.PATH };
const events = () => {
  throw new Error('not supervised here');
};
const acknowledgements = { has: () => false, add: () => undefined };

function registry(db = openDatabase(':memory:')) {
  const home = join(base, 'home');
  const make = (o: Partial<ConstructorParameters<typeof ManagedProject>[0]> & ProjectRecord) =>
    new ManagedProject({ kind: 'folder', docker, home, env, events, acknowledgements, ...o });
  const sutazai = make({
    name: 'sutazai',
    kind: 'sutazai',
    dir: join(__dirname, '..', '..', 'compose-templates'),
    files: [],
    defaultTier: 'core',
    addedAt: 0,
  });
  const repository = new ProjectRepository(db);
  return {
    db,
    projects: new ProjectRegistry({
      sutazai: () => sutazai,
      repository: () => repository,
      hasDatabase: () => true,
      create: (record) => make(record),
      docker: () => docker,
      env,
      userHome: base,
    }),
  };
}

describe('ProjectRegistry', () => {
  it("adds Dify's docker folder as compose reads it: its name, profiles, COMPOSE_PROFILES from its .env", async () => {
    const { projects } = registry();
    const added = await projects.add({ dir: join(fixtures, 'dify') });
    expect(added.project).toMatchObject({ name: 'dify', kind: 'folder', defaultTier: 'core' });
    expect(added.project.files).toEqual([join(fixtures, 'dify', 'docker-compose.yaml')]);
    expect(added.profiles).toEqual(['couchbase', 'qdrant', 'weaviate']);
    expect(added.services).toEqual(['api', 'db', 'nginx', 'redis', 'ssrf_proxy', 'web', 'worker']);
    const dify = projects.get('dify');
    // `up` with no profile starts what `docker compose up` starts: COMPOSE_PROFILES from .env.
    expect(dify.stack.load(undefined).activeProfiles).toEqual(['weaviate']);
    expect(dify.stack.profiles().map((p) => p.name)).toEqual(['', 'couchbase', 'qdrant', 'weaviate']);
    // Its .env's secrets are hidden from users, as the SutazAI stack's generated ones are.
    expect(JSON.stringify(dify.stack.config())).not.toContain('difyai123456');
    expect(JSON.stringify(dify.stack.config(undefined, true))).toContain('difyai123456');
    expect(projects.summaries().map((p) => p.name)).toEqual(['sutazai', 'dify']);
  });

  it('refuses a path it cannot use, saying what is wrong with it', async () => {
    const { projects } = registry();
    await expect(projects.add({ dir: 'dify/docker' })).rejects.toThrow(
      "dir: 'dify/docker' is a relative path; give the compose folder's absolute path (or one starting with ~/)",
    );
    await expect(projects.add({ dir: join(base, 'missing') })).rejects.toThrow(
      `dir: ${join(base, 'missing')} does not exist`,
    );
    const empty = join(base, 'empty');
    mkdirSync(empty);
    await expect(projects.add({ dir: empty })).rejects.toThrow(
      `${empty} has no compose file (looked for compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml)`,
    );
    const broken = join(base, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'compose.yml'), 'services:\n  web:\n    image: busybox\n    ports: ["80:80:80:80"]\n');
    await expect(projects.add({ dir: broken })).rejects.toThrow(/compose\.yml:4: services\.web\.ports\[0\]/);
    expect(projects.summaries().map((p) => p.name)).toEqual(['sutazai']);
  });

  it('takes ~/ as the home, a compose file as its folder, and a link as the folder it points to', async () => {
    const dir = join(base, 'apps', 'Web App');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  web:\n    image: busybox\n');
    writeFileSync(join(dir, 'docker-compose.override.yml'), 'services:\n  web:\n    environment: {A: b}\n');
    writeFileSync(join(dir, 'other.yml'), 'services:\n  tool:\n    image: busybox\n');
    symlinkSync(dir, join(base, 'link'));
    expect(checkProjectFolder('~/apps/Web App', base)).toEqual({ dir });
    expect(checkProjectFolder(join(base, 'link'), base)).toEqual({ dir });
    const { projects } = registry();
    const byFolder = await projects.add({ dir: '~/link' });
    // Compose's own name for the folder: lowercase, without the space.
    expect(byFolder.project.name).toBe('webapp');
    expect(byFolder.project.files).toEqual([join(dir, 'docker-compose.yml'), join(dir, 'docker-compose.override.yml')]);
    expect(projects.get('webapp').stack.load(undefined).services.web!.environment).toEqual({ A: 'b' });
    const byFile = await projects.add({ dir: join(dir, 'other.yml'), name: 'tools' });
    expect(byFile.project.files).toEqual([join(dir, 'other.yml')]);
    expect(byFile.services).toEqual(['tool']);
  });

  it("refuses the SutazAI stack's name, a name already managed, and removing or retiering the stack", async () => {
    const { projects } = registry();
    const dir = join(fixtures, 'dockprom');
    await expect(projects.add({ dir, name: 'sutazai' })).rejects.toThrow(
      "name: 'sutazai' is the SutazAI stack's project name",
    );
    await projects.add({ dir });
    await expect(projects.add({ dir })).rejects.toThrow("name: a project named 'dockprom' is already managed");
    await expect(projects.remove('sutazai')).rejects.toThrow('is the SutazAI stack, which cannot be removed');
    expect(() => projects.setDefaultTier('sutazai', 'optional')).toThrow('each name their tier');
    expect(() => projects.get('nope')).toThrow("No managed project 'nope' (projects: sutazai, dockprom)");
  });

  it('sees a folder another process added or removed, and a tier it changed, through the database', async () => {
    const file = join(base, 'shared.db');
    const first = registry(openDatabase(file));
    const second = registry(openDatabase(file));
    const changes: string[][] = [];
    second.projects.onDidChange((list) => changes.push(list.map((p) => `${p.name}:${p.defaultTier}`)));
    await first.projects.add({ dir: join(fixtures, 'immich'), defaultTier: 'optional' });
    expect(second.projects.summaries().map((p) => `${p.name}:${p.defaultTier}`)).toEqual([
      'sutazai:core',
      'immich:optional',
    ]);
    first.projects.setDefaultTier('immich', 'critical');
    expect(second.projects.get('immich').defaultTier).toBe('critical');
    const removed = await first.projects.remove('immich');
    // No engine answers here: nothing could be listed, and nothing was taken down.
    expect(removed).toEqual({ project: 'immich', kept: [] });
    expect(second.projects.list().map((p) => p.name)).toEqual(['sutazai']);
    await new Promise((r) => setTimeout(r, 0));
    expect(changes).toEqual([
      ['sutazai:core', 'immich:optional'],
      ['sutazai:core', 'immich:critical'],
      ['sutazai:core'],
    ]);
    first.db.close();
    second.db.close();
  });
});
