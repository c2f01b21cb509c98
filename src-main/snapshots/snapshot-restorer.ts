import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import {
  ApiError,
  type RestorePlan,
  type RestoreReport,
  type SnapshotProgress,
  type VolumeEntry,
} from '../../src-shared/api';
import { LABELS } from '../../src-shared/api/features/stack-model';
import type { MaintenanceHolds } from '../maintenance';
import type { StackService } from '../stack';
import { HELPER_LABEL, type HelperContainers } from './helper-containers';
import { orderForStop, readInventory, runningDependents, type ProjectInventory } from './project-inventory';
import { bringBack, restoreQdrant, runtimeFor, writeRestoredConfig } from './restore-steps';
import type { RestoreJournal, RestoreJournals } from './restore-journal';
import { differences } from './snapshot-differences';
import type { StoredSnapshot } from './snapshot-store';
import type { EventSink } from './stop-window';
import { createVolume, prepareVolume, restoredThroughApi } from './volume-preparer';
import { commitVolume, rollbackVolume, swapVolume } from './volume-swap';

export interface RestoreDeps {
  docker: Docker;
  helpers: HelperContainers;
  holds: MaintenanceHolds;
  events: EventSink;
  journals: RestoreJournals;
  stack: StackService;
  /** Added to staging volumes (the tests mark theirs). */
  labels: Record<string, string>;
  /** Folders that are never part of the templates (the home, snapshot folders). */
  exclude: string[];
  appVersion: string;
  listModels?: () => Promise<{ name: string; digest: string; sizeBytes: number }[]>;
  progress: (p: Pick<SnapshotProgress, 'phase' | 'message'> & { service?: string }) => void;
}

type PlanBody = Omit<RestorePlan, 'confirmToken' | 'expiresAt'>;

/** What a restore of this snapshot into the stack would do: shown, then confirmed with a token. */
export async function planRestore(deps: RestoreDeps, stored: StoredSnapshot): Promise<PlanBody> {
  const m = stored.manifest;
  requireSameProject(deps, stored);
  const inventory = await readInventory(deps.docker, deps.stack.project);
  const entries = m.volumes.filter((v) => v.archives.length > 0);
  const current = await measureCurrent(
    deps,
    entries.filter((e) => !restoredThroughApi(e)).map((e) => e.name),
  );
  const secretsNow = existsSync(deps.stack.secrets.file) ? readFileSync(deps.stack.secrets.file) : undefined;
  const overrideNow = existsSync(deps.stack.overrideFile) ? readFileSync(deps.stack.overrideFile) : undefined;
  const sha = (b: Buffer | undefined) => (b ? createHash('sha256').update(b).digest('hex') : undefined);
  const installed = deps.listModels ? await deps.listModels().catch(() => undefined) : undefined;
  return {
    id: m.id,
    project: deps.stack.project,
    snapshotCreatedAt: m.createdAt,
    volumes: entries.map((e) => ({
      key: e.key,
      name: e.name,
      ...(e.service ? { service: e.service } : {}),
      method: e.method,
      currentBytes: current.get(e.name)?.bytes ?? null,
      lastChangedAt: current.get(e.name)?.changed ?? null,
      snapshotBytes: e.sizeBytes,
    })),
    stops: stopsFor(inventory, entries),
    secrets: !m.config.secrets
      ? 'not-in-snapshot'
      : m.config.secrets.encrypted
        ? 'sealed'
        : sha(secretsNow) === m.config.secrets.sha256
          ? 'same'
          : 'differs',
    override: !m.config.override ? 'none' : sha(overrideNow) === m.config.override.sha256 ? 'same' : 'differs',
    warnings: await differences(m, stored.dir, {
      appVersion: deps.appVersion,
      inventory,
      templatesDir: deps.stack.templatesDir,
      exclude: deps.exclude,
    }),
    needsPassphrase: Boolean(m.config.secrets?.encrypted),
    modelsMissing: installed
      ? m.models.items.map((i) => i.name).filter((n) => !installed.some((x) => x.name === n))
      : [],
  };
}

/**
 * Restores a verified snapshot into the stack. Volumes are first filled in staging volumes beside
 * the stack, which keeps running (a failure here changes nothing). Then the services that use them
 * (and what depends on them) are stopped and held, every volume is swapped from its staging copy
 * and, only when all swaps succeeded, committed (one failure rolls every volume back and starts the
 * services again on their old data); then stack.env and the override are written and the services
 * are brought back by the stack's own `up`. Each step is journalled for `recoverRestore`.
 */
export async function runRestore(
  deps: RestoreDeps,
  stored: StoredSnapshot,
  o: { operationId: string; secrets: Buffer | undefined; signal: AbortSignal },
): Promise<RestoreReport> {
  const began = Date.now();
  const m = stored.manifest;
  const project = deps.stack.project;
  requireSameProject(deps, stored);
  const inventory = await readInventory(deps.docker, project);
  const entries = m.volumes.filter((v) => v.archives.length > 0);
  const fileEntries = entries.filter((e) => !restoredThroughApi(e));
  const short = o.operationId.slice(0, 8);
  const journal = deps.journals.begin({
    operationId: o.operationId,
    project,
    snapshotId: m.id,
    phase: 'staging',
    volumes: fileEntries.map((e) => ({ name: e.name, staging: `${e.name}-restore-${short}`, swapped: false })),
    services: [],
  });
  const model = (() => {
    try {
      return deps.stack.load('*');
    } catch {
      return undefined;
    }
  })();
  try {
    for (const [i, e] of fileEntries.entries()) {
      const staging = journal.volumes[i]!.staging;
      deps.progress({
        phase: 'staging',
        message: `${e.name}: loading the snapshot's data beside the stack`,
        ...(e.service ? { service: e.service } : {}),
      });
      await createVolume(deps.docker, staging, e.driver, { ...deps.labels, [HELPER_LABEL]: project });
      await prepareVolume(
        { docker: deps.docker, helpers: deps.helpers, project, labels: deps.labels },
        stored.dir,
        e,
        staging,
        runtimeFor(e, inventory, model, e.name),
        o.signal,
      );
    }
  } catch (err) {
    await removeStaging(deps.docker, journal);
    deps.journals.clear(project);
    throw new Error(`${(err as Error).message}. Nothing of the stack was changed.`);
  }
  const order = orderForStop(inventory, stopsFor(inventory, entries));
  deps.holds.hold(project, order, `restore of ${m.id}`);
  journal.phase = 'swapping';
  journal.services = order;
  deps.journals.write(journal);
  for (const service of order) {
    const svc = inventory.services.find((s) => s.service === service)!;
    deps.progress({ phase: 'stopping', message: `stopping ${service}`, service });
    deps.holds.markStopped(project, service);
    const container = deps.docker.getContainer(svc.containerId);
    const grace = ((await container.inspect()).Config as { StopTimeout?: number }).StopTimeout ?? 10;
    await container.stop({ t: grace }).catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 304) throw err;
    });
    deps.events.record({
      kind: 'maintenance',
      project,
      service,
      severity: 'info',
      message: `stopped ${service} for the restore of ${m.id}`,
    });
  }
  await swapAll(deps, journal, inventory);
  deps.progress({ phase: 'finishing', message: 'writing stack.env and the override' });
  const keptAside = writeRestoredConfig(deps.stack, m, stored.dir, o.secrets);
  journal.phase = 'starting';
  deps.journals.write(journal);
  deps.progress({ phase: 'starting', message: `starting ${order.join(', ') || 'nothing'} again` });
  const started = await bringBack(deps.docker, deps.stack, deps.holds, inventory, order);
  deps.holds.release(project, order);
  const warnings: string[] = [];
  for (const e of entries.filter(restoredThroughApi)) {
    try {
      await restoreQdrant(deps.docker, project, e, stored.dir);
    } catch (err) {
      warnings.push(`${e.service ?? e.key}: its collections were not restored: ${(err as Error).message}`);
    }
  }
  deps.journals.clear(project);
  const installed = deps.listModels ? await deps.listModels().catch(() => undefined) : undefined;
  return {
    id: m.id,
    project,
    durationMs: Date.now() - began,
    volumes: entries.map((e) => ({ name: e.name, method: e.method })),
    started,
    warnings,
    keptAside,
    modelsMissing: installed
      ? m.models.items.map((i) => i.name).filter((n) => !installed.some((x) => x.name === n))
      : [],
  };
}

/** Swaps every volume, then commits them all; one failure rolls all back and starts the services on their old data. */
async function swapAll(deps: RestoreDeps, journal: RestoreJournal, inventory: ProjectInventory): Promise<void> {
  const project = journal.project;
  try {
    for (const v of journal.volumes) {
      deps.progress({ phase: 'swapping', message: `${v.name}: replacing its contents` });
      await ensureTarget(deps.docker, project, v.name, inventory);
      await swapVolume(deps.helpers, v.staging, v.name, journal.operationId);
      v.swapped = true;
      deps.journals.write(journal);
    }
  } catch (err) {
    for (const v of journal.volumes)
      await rollbackVolume(deps.helpers, v.name, journal.operationId).catch(() => undefined);
    await removeStaging(deps.docker, journal);
    for (const service of [...journal.services].reverse()) {
      const svc = inventory.services.find((s) => s.service === service);
      await deps.docker
        .getContainer(svc!.containerId)
        .start()
        .catch(() => undefined);
    }
    deps.holds.release(project, journal.services);
    deps.journals.clear(project);
    throw new Error(`${(err as Error).message}. Every volume was put back as it was and the services started again.`);
  }
  for (const v of journal.volumes) await commitVolume(deps.helpers, v.name, journal.operationId);
  await removeStaging(deps.docker, journal);
}

/**
 * Finishes or undoes a restore whose process died, from its journal: staging only (removed, nothing
 * changed), swapping (every volume swapped again from its intact staging copy and committed), or
 * starting (the services brought back).
 */
export async function recoverRestore(deps: RestoreDeps, journal: RestoreJournal): Promise<string> {
  const inventory = await readInventory(deps.docker, journal.project);
  if (journal.phase === 'staging') {
    await removeStaging(deps.docker, journal);
    deps.journals.clear(journal.project);
    return `the restore of ${journal.snapshotId} was interrupted before it changed anything; its staging volumes were removed`;
  }
  if (journal.phase === 'swapping') {
    await swapAll(deps, journal, inventory);
    journal.phase = 'starting';
    deps.journals.write(journal);
  }
  const started = await bringBack(deps.docker, deps.stack, deps.holds, inventory, journal.services);
  for (const s of journal.services) deps.holds.clear(journal.project, s);
  deps.journals.clear(journal.project);
  const failed = started.filter((s) => !s.ready);
  return `the restore of ${journal.snapshotId} was interrupted; it was finished (volumes ${journal.volumes.map((v) => v.name).join(', ') || 'none'}) and ${started.length - failed.length} services started again${failed.length ? `; not started: ${failed.map((f) => `${f.service} (${f.error ?? 'not ready'})`).join(', ')}` : ''}`;
}

function requireSameProject(deps: RestoreDeps, stored: StoredSnapshot): void {
  if (stored.manifest.project !== deps.stack.project)
    throw new ApiError(
      'INVALID_INPUT',
      `${stored.id} is a snapshot of project ${stored.manifest.project}, not ${deps.stack.project}`,
      `Restore it into ${stored.manifest.project}, or clone it into a new project.`,
    );
}

/** Running services that use the restored volumes, and what depends on them. */
function stopsFor(inventory: ProjectInventory, entries: VolumeEntry[]): string[] {
  const names = new Set(entries.filter((e) => !restoredThroughApi(e)).map((e) => e.name));
  const users = inventory.services
    .filter((s) => s.running && s.mounts.some((m) => names.has(m.volume)))
    .map((s) => s.service);
  return [...new Set(users.flatMap((u) => [u, ...runningDependents(inventory, u)]))].sort();
}

async function ensureTarget(docker: Docker, project: string, name: string, inventory: ProjectInventory): Promise<void> {
  if (inventory.volumes.some((v) => v.name === name)) return;
  const exists = await docker
    .getVolume(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );
  if (exists) return;
  const key = name.startsWith(`${project}_`) ? name.slice(project.length + 1) : name;
  await createVolume(docker, name, 'local', {
    [LABELS.project]: project,
    [LABELS.volume]: key,
    [LABELS.version]: '2.29.7',
  });
}

async function removeStaging(docker: Docker, journal: RestoreJournal): Promise<void> {
  for (const v of journal.volumes)
    await docker
      .getVolume(v.staging)
      .remove()
      .catch(() => undefined);
}

/** Size and newest change of each volume now (`du`, and the newest file time), in one helper run. */
async function measureCurrent(
  deps: RestoreDeps,
  names: string[],
): Promise<Map<string, { bytes: number; changed: string | null }>> {
  const out = new Map<string, { bytes: number; changed: string | null }>();
  const existing: string[] = [];
  for (const n of names)
    if (
      await deps.docker
        .getVolume(n)
        .inspect()
        .then(
          () => true,
          () => false,
        )
    )
      existing.push(n);
  if (existing.length === 0 || !(await deps.helpers.present())) return out;
  const script =
    'for d in /v/*; do s=$(du -sk "$d" | cut -f1); t=$(find "$d" -type f -exec stat -c %Y {} + 2>/dev/null | sort -n | tail -1); echo "$d $s ${t:-0}"; done';
  const r = await deps.helpers.run(
    script,
    existing.map((n, i) => ({ volume: n, target: `/v/${i}`, readOnly: true })),
  );
  for (const line of r.output.split('\n')) {
    const m = /^\/v\/(\d+) (\d+) (\d+)$/.exec(line.trim());
    const name = m ? existing[Number(m[1])] : undefined;
    if (name)
      out.set(name, {
        bytes: Number(m![2]) * 1024,
        changed: Number(m![3]) > 0 ? new Date(Number(m![3]) * 1000).toISOString() : null,
      });
  }
  return out;
}
