import type Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { ApiError, type ProjectAdded, type ProjectRemoved, type ProjectSummary, type Tier } from '../../src-shared/api';
import { DEFAULT_PROJECT } from '../../src-shared/defaults';
import { Emitter, type Event, type IDisposable } from '../base';
import type { ProjectScope } from '../engine';
import { listProjectContainers } from '../engine';
import { composeFilesIn, loadProject, StackService } from '../stack';
import { ManagedProject } from './managed-project';
import { checkProjectFolder, composeProjectsIn, sameFolder, workingDirOf } from './project-folder';
import type { ProjectRecord, ProjectRepository } from './project-repository';

export interface ProjectRegistryOptions {
  /** The SutazAI stack: always the first project, built without the database. */
  sutazai: () => ManagedProject;
  /** The stored folders (opens the database). */
  repository: () => ProjectRepository;
  /** Whether a database exists yet: without one no folder was ever added, and listing creates none. */
  hasDatabase: () => boolean;
  /** Builds a folder project on its engine. */
  create: (record: ProjectRecord) => ManagedProject;
  /** The engine new folders are added on (and looked at for running compose projects). */
  docker: () => Docker;
  /** The user's home, for paths typed as `~/...`. */
  userHome?: string;
  /** The environment compose files are read with (the process's). */
  env: Record<string, string | undefined>;
}

/**
 * The managed projects: the SutazAI stack first, then the compose folders the user added (kept in
 * the database). Each is a `ManagedProject` with its own stack service, logs and supervisor. The
 * list is read again from the database whenever it is asked for, so a folder added from the CLI
 * while the app runs is picked up.
 */
export class ProjectRegistry implements IDisposable {
  private readonly folders = new Map<string, ManagedProject>();
  private readonly changed = new Emitter<ProjectSummary[]>();
  /** Fires with the whole list when a project is added, removed or changed. */
  readonly onDidChange: Event<ProjectSummary[]> = this.changed.event;
  private supervising = false;

  constructor(private readonly o: ProjectRegistryOptions) {}

  get sutazai(): ManagedProject {
    return this.o.sutazai();
  }

  /** Every managed project, the SutazAI stack first. */
  list(): ManagedProject[] {
    this.sync();
    return [this.sutazai, ...this.folders.values()];
  }

  summaries(): ProjectSummary[] {
    return this.list().map((p) => p.summary());
  }

  /** The projects as the memory guard weighs them: name and default tier. */
  scopes(): ProjectScope[] {
    return this.list().map((p) => ({ name: p.name, defaultTier: p.defaultTier }));
  }

  find(name: string): ManagedProject | undefined {
    this.sync();
    // A folder wins over the SutazAI stack renamed to the same name for one command (`--project`).
    return this.folders.get(name) ?? (this.sutazai.name === name ? this.sutazai : undefined);
  }

  /** The project named, else the SutazAI stack; an unknown name is NOT_FOUND with the known ones. */
  get(name?: string): ManagedProject {
    if (name === undefined) return this.sutazai;
    const found = this.find(name);
    if (found) return found;
    throw new ApiError(
      'NOT_FOUND',
      `No managed project '${name}' (projects: ${this.list()
        .map((p) => p.name)
        .join(', ')})`,
      'Add its compose folder with `sutazai projects add DIR` or "Add a project" on the Stack page.',
    );
  }

  /** Supervises every project, and each one added from now on. */
  startSupervision(): void {
    this.supervising = true;
    for (const p of this.list()) p.startSupervision();
  }

  /**
   * Adds a compose folder as a managed project. The folder is checked and loaded as compose would
   * (a broken file is refused with its file and line, and nothing is stored); a compose project
   * already running from that folder is taken over under its own name and files, untouched.
   */
  async add(input: { dir: string; name?: string; defaultTier?: Tier }): Promise<ProjectAdded> {
    const repository = this.requireRepository();
    const folder = checkProjectFolder(input.dir, this.o.userHome);
    const running = await composeProjectsIn(this.o.docker(), folder.dir).catch(() => []);
    const adopt = input.name
      ? running.find((r) => r.name === input.name)
      : running.length === 1
        ? running[0]
        : undefined;
    if (!input.name && running.length > 1)
      throw new ApiError(
        'CONFLICT',
        `Several compose projects run from ${folder.dir}: ${running.map((r) => r.name).join(', ')}`,
        'Give the one to manage with --name (or the name field).',
      );
    const files = folder.file ? [folder.file] : adopt ? filesOf(adopt.configFiles, folder.dir) : [];
    const defaultTier = input.defaultTier ?? 'core';
    // Loaded before anything is stored: a broken file is refused with its file and line.
    const probe = new StackService({
      docker: this.o.docker(),
      home: folder.dir,
      templatesDir: folder.dir,
      project: input.name ?? adopt?.name ?? 'project',
      kind: 'folder',
      ...(files.length ? { files } : {}),
      defaultTier: () => defaultTier,
      env: this.o.env,
    });
    try {
      probe.load(undefined);
    } finally {
      probe.dispose();
    }
    // Compose's own name for the folder (COMPOSE_PROJECT_NAME, `name:`, the folder's name) unless one is given.
    const name =
      input.name ??
      adopt?.name ??
      loadProject({
        files: files.length ? files : composeFilesIn(folder.dir),
        projectDir: folder.dir,
        env: this.o.env,
      }).name;
    this.checkName(name, folder.dir);
    const owner = await workingDirOf(this.o.docker(), name).catch(() => undefined);
    if (owner && !sameFolder(owner, folder.dir))
      throw new ApiError(
        'CONFLICT',
        `Compose project '${name}' already has containers made from ${owner}, not from ${folder.dir}`,
        'Choose another name for this folder (--name).',
      );
    let record: ProjectRecord;
    try {
      record = repository.add({ name, dir: folder.dir, files, defaultTier });
    } catch (err) {
      // Added by another window or process in the meantime.
      if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT'))
        throw new ApiError('CONFLICT', `name: a project named '${name}' is already managed`, 'Choose another name.');
      throw err;
    }
    const project = this.attach(record);
    const loaded = project.stack.load(undefined);
    const containers = await listProjectContainers(this.o.docker(), name).catch(() => []);
    this.fire();
    return {
      project: project.summary(),
      profiles: loaded.profiles.filter(Boolean),
      services: Object.keys(project.stack.load([]).services),
      adopted: containers.map((c) => ({ service: c.service, containerName: c.name, state: c.state })),
      warnings: loaded.warnings,
    };
  }

  /** Forgets a folder project; its containers and volumes stay unless `down` (and `volumes`) is asked. */
  async remove(name: string, options: { down?: boolean; volumes?: boolean } = {}): Promise<ProjectRemoved> {
    const project = this.get(name);
    if (project.kind === 'sutazai')
      throw new ApiError('INVALID_INPUT', `name: '${name}' is the SutazAI stack, which cannot be removed`);
    const down = options.down ? await project.stack.down(undefined, options.volumes ?? false) : undefined;
    this.requireRepository().remove(name);
    this.folders.delete(name);
    project.dispose();
    const kept = await listProjectContainers(project.docker, name).catch(() => []);
    this.fire();
    return { project: name, ...(down ? { down } : {}), kept: kept.map((c) => c.name) };
  }

  setDefaultTier(name: string, tier: Tier): ProjectSummary {
    const project = this.get(name);
    if (project.kind === 'sutazai')
      throw new ApiError(
        'INVALID_INPUT',
        `name: the SutazAI stack's services each name their tier (ai.sutazai.tier); it has no default to set`,
      );
    this.requireRepository().setDefaultTier(name, tier);
    project.defaultTier = tier;
    this.fire();
    return project.summary();
  }

  dispose(): void {
    for (const p of this.folders.values()) p.dispose();
    this.folders.clear();
    this.changed.dispose();
  }

  /** Brings the folders in line with the database: new ones built, removed ones released, tiers updated. */
  private sync(): void {
    const records = this.o.hasDatabase() ? this.o.repository().list() : [];
    let changed = false;
    for (const r of records) {
      const known = this.folders.get(r.name);
      if (!known) {
        this.attach(r);
        changed = true;
      } else if (known.defaultTier !== r.defaultTier) {
        known.defaultTier = r.defaultTier;
        changed = true;
      }
    }
    for (const [name, project] of this.folders) {
      if (records.some((r) => r.name === name)) continue;
      this.folders.delete(name);
      project.dispose();
      changed = true;
    }
    if (changed) this.fire();
  }

  private attach(record: ProjectRecord): ManagedProject {
    const project = this.o.create(record);
    this.folders.set(record.name, project);
    if (this.supervising) project.startSupervision();
    return project;
  }

  private fire(): void {
    if (this.changed.hasListeners) this.changed.fire([this.sutazai, ...this.folders.values()].map((p) => p.summary()));
  }

  private checkName(name: string, dir: string): void {
    if (name === DEFAULT_PROJECT || name === this.sutazai.name)
      throw new ApiError(
        'CONFLICT',
        `name: '${name}' is the SutazAI stack's project name`,
        `Give the folder ${dir} another name (--name).`,
      );
    if (this.find(name))
      throw new ApiError('CONFLICT', `name: a project named '${name}' is already managed`, 'Choose another name.');
  }

  private requireRepository(): ProjectRepository {
    return this.o.repository();
  }
}

/** The files a running compose project was made from, kept only when they are not what compose finds by name. */
function filesOf(configFiles: string[], dir: string): string[] {
  if (configFiles.length === 0 || !configFiles.every((f) => existsSync(f))) return [];
  let found: string[] = [];
  try {
    found = composeFilesIn(dir);
  } catch {
    return configFiles;
  }
  return found.length === configFiles.length && found.every((f, i) => sameFolder(f, configFiles[i]!))
    ? []
    : configFiles;
}
