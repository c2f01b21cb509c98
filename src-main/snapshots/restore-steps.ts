import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { ComposeProject, SnapshotManifest, VolumeEntry } from '../../src-shared/api';
import type { MaintenanceHolds } from '../maintenance';
import type { StackService } from '../stack';
import { writePrivate } from './config-capture';
import { qdrantApiOf } from './capture-plan';
import { readInventory, type ProjectInventory } from './project-inventory';
import { recoverQdrant } from './qdrant-capture';
import type { ServiceRuntime } from './volume-preparer';

/** The image, environment and mount path a volume's loader runs with: the service's container, else its model. */
export function runtimeFor(
  entry: VolumeEntry,
  inventory: ProjectInventory | undefined,
  model: ComposeProject | undefined,
  volumeName: string,
): ServiceRuntime | undefined {
  const svc = inventory?.services.find((s) => s.service === entry.service);
  const mount = svc?.mounts.find((m) => m.volume === volumeName);
  if (svc && mount) return { image: svc.image, env: svc.env, mountPath: mount.target };
  const spec = entry.service ? model?.services[entry.service] : undefined;
  if (!spec) return undefined;
  const target = spec.mounts.find((m) => m.type === 'volume' && m.source === entry.key)?.target ?? entry.mountPath;
  if (!target) return undefined;
  return {
    image: spec.image,
    env: Object.entries(spec.environment).map(([k, v]) => `${k}=${v}`),
    mountPath: target,
  };
}

/**
 * Writes the snapshot's stack.env and override into the stack's home. A file that would change is
 * kept aside first (`stack.env.before-restore-<time>`); variables the stack has now and the snapshot
 * does not are kept.
 */
export function writeRestoredConfig(
  stack: StackService,
  manifest: SnapshotManifest,
  snapshotDir: string,
  secrets: Buffer | undefined,
): string[] {
  const keptAside: string[] = [];
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const keep = (file: string): void => {
    const aside = `${file}.before-restore-${stamp}`;
    copyFileSync(file, aside);
    writePrivate(aside, readFileSync(aside));
    keptAside.push(aside);
  };
  if (secrets) {
    const file = stack.secrets.file;
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    const merged = mergeEnv(current ?? '', secrets.toString('utf8'));
    if (current !== merged) {
      if (current !== undefined) keep(file);
      writePrivate(file, merged);
    }
  }
  if (manifest.config.override) {
    const content = readFileSync(join(snapshotDir, manifest.config.override.file));
    if (existsSync(stack.overrideFile) && !readFileSync(stack.overrideFile).equals(content)) keep(stack.overrideFile);
    writePrivate(stack.overrideFile, content);
  }
  return keptAside;
}

/** The snapshot's variables over the current ones; lines the snapshot does not set are kept. */
function mergeEnv(current: string, restored: string): string {
  const names = new Set(
    restored
      .split('\n')
      .map((l) => /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(l)?.[1])
      .filter(Boolean),
  );
  const kept = current.split('\n').filter((l) => {
    const name = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(l)?.[1];
    return name !== undefined && !names.has(name);
  });
  return kept.length ? restored.replace(/\n*$/, '\n') + kept.join('\n') + '\n' : restored;
}

/**
 * Starts the services a restore stopped through the stack's own `up` (a container whose
 * configuration changed with the restored stack.env is recreated, its volumes kept), waiting for each
 * to be ready; a service the templates no longer have is started as it is.
 */
export async function bringBack(
  docker: Docker,
  stack: StackService,
  holds: MaintenanceHolds,
  inventory: ProjectInventory,
  services: string[],
): Promise<{ service: string; ready: boolean; error?: string }[]> {
  if (services.length === 0) return [];
  const model = stack.load('*');
  const inModel = services.filter((s) => s in model.services);
  const out: { service: string; ready: boolean; error?: string }[] = [];
  if (inModel.length) {
    const report = await stack.orchestrator.up(
      { ...model, services: Object.fromEntries(inModel.map((s) => [s, model.services[s]!])) },
      { profile: model.activeProfiles.join(','), wait: true },
    );
    for (const r of report.services)
      out.push({ service: r.service, ready: r.ready, ...(r.error ? { error: r.error } : {}) });
  }
  for (const s of services.filter((x) => !inModel.includes(x))) {
    const c = inventory.services.find((x) => x.service === s);
    if (!c) continue;
    try {
      await docker
        .getContainer(c.containerId)
        .start()
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 304) throw err;
        });
      out.push({ service: s, ready: true });
    } catch (err) {
      out.push({ service: s, ready: false, error: (err as Error).message });
    }
  }
  for (const r of out) if (r.ready) holds.markStarted(inventory.project, r.service);
  return out.sort((a, b) => a.service.localeCompare(b.service));
}

/**
 * Restores Qdrant collections through its API once it runs: each collection of the snapshot is
 * recovered from its uploaded snapshot (replacing it), and collections the snapshot does not have are
 * deleted, so the service holds exactly what the snapshot held.
 */
export async function restoreQdrant(
  docker: Docker,
  project: string,
  entry: VolumeEntry,
  snapshotDir: string,
): Promise<void> {
  const inventory = await readInventory(docker, project);
  const svc = inventory.services.find((s) => s.service === entry.service && s.running);
  const api = svc ? qdrantApiOf(svc) : undefined;
  if (!api) throw new Error(`${entry.service ?? 'qdrant'} is not running with its port 6333 published`);
  await recoverQdrant(api, entry.archives, snapshotDir);
}
