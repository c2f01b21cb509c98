import type Docker from 'dockerode';
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ApiError } from '../../src-shared/api';
import { LABELS } from '../stack';

/** A folder as the user gave it, checked: an absolute path to a readable folder (or to a compose file in one). */
export interface ProjectFolder {
  dir: string;
  /** Set when the user named a compose file rather than its folder. */
  file?: string;
}

/**
 * Checks a path typed or picked by the user: `~/` is the user's home; anything else must be
 * absolute (the core cannot know which folder a relative path meant). Symbolic links are resolved,
 * so the folder is named as compose names it in its labels.
 */
export function checkProjectFolder(input: string, home = homedir()): ProjectFolder {
  const typed = input.trim();
  const expanded = typed === '~' ? home : typed.startsWith('~/') ? join(home, typed.slice(2)) : typed;
  if (!isAbsolute(expanded))
    throw new ApiError(
      'INVALID_INPUT',
      `dir: '${typed}' is a relative path; give the compose folder's absolute path (or one starting with ~/)`,
    );
  const path = resolve(expanded);
  if (!existsSync(path)) throw new ApiError('NOT_FOUND', `dir: ${path} does not exist`);
  const real = realpathSync(path);
  const stat = statSync(real);
  const dir = stat.isDirectory() ? real : dirname(real);
  if (!stat.isDirectory() && !stat.isFile())
    throw new ApiError('INVALID_INPUT', `dir: ${path} is neither a folder nor a compose file`);
  try {
    accessSync(dir, constants.R_OK | constants.X_OK);
    if (!stat.isDirectory()) accessSync(real, constants.R_OK);
  } catch {
    throw new ApiError('FORBIDDEN', `dir: ${path} cannot be read by this app (check its permissions)`);
  }
  return stat.isDirectory() ? { dir } : { dir, file: real };
}

/** A compose project that has containers on the engine, as its labels describe it. */
export interface RunningComposeProject {
  name: string;
  workingDir: string;
  /** The compose files it was made from, absolute (compose v1 records them relative to the folder). */
  configFiles: string[];
  /** Which compose made it (`com.docker.compose.version`). */
  version: string;
  containers: { service: string; containerName: string; state: string }[];
}

/** The compose projects whose containers say they were made from this folder (`com.docker.compose.project.working_dir`). */
export async function composeProjectsIn(docker: Docker, dir: string): Promise<RunningComposeProject[]> {
  const list = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${LABELS.workingDir}`] }),
  });
  const byName = new Map<string, RunningComposeProject>();
  for (const c of list) {
    const labels = c.Labels ?? {};
    const workingDir = labels[LABELS.workingDir] ?? '';
    if (!sameFolder(workingDir, dir) || labels[LABELS.oneoff] === 'True' || !labels[LABELS.service]) continue;
    const name = labels[LABELS.project] ?? '';
    let entry = byName.get(name);
    if (!entry) {
      entry = {
        name,
        workingDir,
        configFiles: (labels[LABELS.configFiles] ?? '')
          .split(',')
          .filter(Boolean)
          .map((f) => resolve(workingDir, f)),
        version: labels[LABELS.version] ?? '',
        containers: [],
      };
      byName.set(name, entry);
    }
    entry.containers.push({
      service: labels[LABELS.service]!,
      containerName: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
      state: c.State,
    });
  }
  return [...byName.values()];
}

/** The folder the containers of a compose project say they came from, when any exist. */
export async function workingDirOf(docker: Docker, project: string): Promise<string | undefined> {
  const [c] = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${LABELS.project}=${project}`] }),
  });
  return c?.Labels?.[LABELS.workingDir];
}

export function sameFolder(a: string, b: string): boolean {
  if (!a || !b) return false;
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}
