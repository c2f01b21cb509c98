import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { ApiError, type CloneReport, type SnapshotProgress } from '../../src-shared/api';
import { LABELS } from '../../src-shared/api/features/stack-model';
import { templateFiles, type StackService } from '../stack';
import { extractTemplates, writePrivate } from './config-capture';
import type { HelperContainers } from './helper-containers';
import { checkMoves, planPortMoves, rewritePorts } from './port-remap';
import { restoreQdrant, runtimeFor } from './restore-steps';
import type { StoredSnapshot } from './snapshot-store';
import { createVolume, prepareVolume, restoredThroughApi } from './volume-preparer';

export interface CloneDeps {
  docker: Docker;
  helpers: HelperContainers;
  /** The stack the snapshot came from: its ports stay its own. */
  stack: StackService;
  /** Builds the StackService of another project (its folder holds its templates, stack.env and override). */
  makeStack: (o: { project: string; home: string; templatesDir: string }) => StackService;
  /** Where clones keep their folders (`<SUTAZAI_HOME>/clones`). */
  clonesDir: string;
  labels: Record<string, string>;
  progress: (p: Pick<SnapshotProgress, 'phase' | 'message'> & { service?: string }) => void;
}

/**
 * Restores a verified snapshot into a new project beside the stack: its own folder with the
 * snapshot's templates, stack.env and override; its own volumes (`<clone>_<key>`) filled from the
 * archives; the services that ran when the snapshot was taken started with the stack's own `up`, on
 * host ports moved to free ones (written into the clone's templates). A clone that fails is removed
 * whole: only what this clone created.
 */
export async function runClone(
  deps: CloneDeps,
  stored: StoredSnapshot,
  o: { project: string; secrets: Buffer | undefined; acknowledge: boolean; signal: AbortSignal },
): Promise<CloneReport> {
  const began = Date.now();
  const m = stored.manifest;
  if (o.project === deps.stack.project || o.project === m.project)
    throw new ApiError('INVALID_INPUT', `project: a clone needs a name of its own, not ${o.project}`);
  await requireUnused(deps.docker, o.project);
  const folder = join(deps.clonesDir, o.project);
  if (existsSync(folder))
    throw new ApiError('CONFLICT', `${folder} already exists`, 'Pick another name, or remove that folder first.');
  let created = false;
  try {
    deps.progress({
      phase: 'configuration',
      message: `${o.project}: the snapshot's templates, stack.env and override`,
    });
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    created = true;
    const templatesDir = join(folder, 'templates');
    await extractTemplates(stored.dir, templatesDir);
    if (m.config.override)
      writePrivate(join(folder, 'compose.override.yml'), readFileSync(join(stored.dir, m.config.override.file)));
    if (o.secrets) writePrivate(join(folder, 'stack.env'), o.secrets);
    const clone = deps.makeStack({ project: o.project, home: folder, templatesDir });
    let model = clone.load('*');
    const services = m.services
      .filter((s) => s.state === 'running' && s.service in model.services)
      .map((s) => s.service);
    for (const v of m.volumes) {
      const name = model.volumes[v.key]?.name ?? `${o.project}_${v.key}`;
      if (name === v.name || model.volumes[v.key]?.external)
        throw new ApiError(
          'INVALID_INPUT',
          `volume ${v.key} has a fixed name (${v.name}): a clone would share it with the stack`,
        );
    }
    const original = (() => {
      try {
        return deps.stack.load('*');
      } catch {
        return undefined;
      }
    })();
    const reserved = new Set(
      Object.values(original?.services ?? {}).flatMap((s) => s.ports.map((p) => p.hostPort ?? 0)),
    );
    const moves = await planPortMoves(model, services, reserved);
    rewritePorts(templateFiles(templatesDir), moves);
    model = clone.load('*');
    checkMoves(model, moves);
    const pending = clone.risks('*').filter((r) => !r.acknowledged && services.includes(r.service));
    if (pending.length && !o.acknowledge)
      throw new ApiError(
        'CONFLICT',
        `${pending.map((r) => r.service).join(', ')} ${pending.length === 1 ? 'gets' : 'get'} part of the host; the clone was not made`,
        'Confirm those settings for the clone (acknowledge), then clone again.',
      );
    if (pending.length) clone.acknowledge(pending.map((r) => ({ service: r.service, configHash: r.configHash })));
    for (const v of m.volumes.filter((x) => x.archives.length > 0 && !restoredThroughApi(x))) {
      const name = model.volumes[v.key]?.name ?? `${o.project}_${v.key}`;
      deps.progress({
        phase: 'staging',
        message: `${name}: loading the snapshot's data`,
        ...(v.service ? { service: v.service } : {}),
      });
      await createVolume(deps.docker, name, v.driver, {
        ...(model.volumes[v.key]?.labels ?? {}),
        [LABELS.project]: o.project,
        [LABELS.volume]: v.key,
        [LABELS.version]: '2.29.7',
      });
      await prepareVolume(
        { docker: deps.docker, helpers: deps.helpers, project: o.project, labels: deps.labels },
        stored.dir,
        v,
        name,
        runtimeFor(v, undefined, model, name),
        o.signal,
      );
    }
    deps.progress({ phase: 'starting', message: `${o.project}: starting ${services.join(', ') || 'nothing'}` });
    const report = services.length
      ? await clone.orchestrator.up(
          { ...model, services: Object.fromEntries(services.map((s) => [s, model.services[s]!])) },
          { profile: model.activeProfiles.join(','), wait: true },
        )
      : undefined;
    const warnings: string[] = [];
    for (const v of m.volumes.filter((x) => x.archives.length > 0 && restoredThroughApi(x))) {
      try {
        await restoreQdrant(deps.docker, o.project, v, stored.dir);
      } catch (err) {
        warnings.push(`${v.service ?? v.key}: its collections were not restored: ${(err as Error).message}`);
      }
    }
    for (const v of m.volumes.filter((x) => x.skipped)) warnings.push(`${v.key}: not in the snapshot (${v.skipped})`);
    return {
      id: m.id,
      project: o.project,
      folder,
      ports: moves.map(({ hostIp: _ip, ...rest }) => rest),
      started: (report?.services ?? []).map((s) => ({
        service: s.service,
        ready: s.ready,
        ...(s.error ? { error: s.error } : {}),
      })),
      warnings,
      durationMs: Date.now() - began,
    };
  } catch (err) {
    if (created) {
      const clone = deps.makeStack({ project: o.project, home: folder, templatesDir: join(folder, 'templates') });
      await clone.orchestrator.down(o.project, { volumes: true }).catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    }
    throw err;
  }
}

/** A clone's project must not exist in the engine yet. */
async function requireUnused(docker: Docker, project: string): Promise<void> {
  const filters = JSON.stringify({ label: [`${LABELS.project}=${project}`] });
  const [containers, volumes] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listVolumes({ filters }),
  ]);
  if (containers.length || volumes.Volumes?.length)
    throw new ApiError(
      'CONFLICT',
      `Project ${project} already has ${containers.length} containers and ${volumes.Volumes?.length ?? 0} volumes in the engine`,
      'Pick another name for the clone.',
    );
}
