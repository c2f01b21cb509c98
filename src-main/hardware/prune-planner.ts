import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import { ApiError } from '../../src-shared/api';
import { LABELS } from '../../src-shared/api/features/stack-model';
import type { PruneItem, PrunePreview, PruneResult } from '../../src-shared/api/features/hardware';
import type { DfAnswer } from './engine-disk';

const PREDEFINED_NETWORKS = new Set(['bridge', 'host', 'none', 'ingress', 'docker_gwbridge']);
const PREVIEW_TTL_MS = 10 * 60_000;

export interface PrunePlannerOptions {
  docker: Docker;
  /** The stack's compose project: its containers, networks and volumes are never candidates. */
  project: string;
  /** Every managed project (the SutazAI stack's included): none of their objects is a candidate either. */
  projects?: () => string[];
  /** Only objects carrying this label (`key=value`) are candidates; build cache is then left out. */
  scopeLabel?: string;
  now?: () => number;
}

/**
 * Prune in two steps: a preview lists exactly what would go (stopped containers, dangling images,
 * unused networks, unused build cache; unused volumes only when asked) and what it frees; the
 * prune then removes those items by id, after checking each is still unused, and nothing else.
 */
export class PrunePlanner {
  private readonly previews = new Map<string, PrunePreview>();

  constructor(private readonly o: PrunePlannerOptions) {}

  async preview(includeVolumes = false): Promise<PrunePreview> {
    const { items, excluded } = await this.candidates(includeVolumes);
    const now = this.now();
    for (const [id, p] of this.previews) if (now - p.createdAt > PREVIEW_TTL_MS) this.previews.delete(id);
    const preview: PrunePreview = {
      id: randomUUID(),
      createdAt: now,
      includeVolumes,
      items,
      totalBytes: items.reduce((a, i) => a + i.sizeBytes, 0),
      excluded,
    };
    this.previews.set(preview.id, preview);
    return preview;
  }

  async prune(previewId: string): Promise<PruneResult> {
    const preview = this.previews.get(previewId);
    if (!preview || this.now() - preview.createdAt > PREVIEW_TTL_MS) {
      throw new ApiError(
        'NOT_FOUND',
        `prune preview ${previewId} is unknown or older than 10 minutes`,
        'Make a new preview, check it, then confirm.',
      );
    }
    this.previews.delete(previewId);
    const still = new Set((await this.candidates(preview.includeVolumes)).items.map((i) => `${i.kind}:${i.id}`));
    const result: PruneResult = { removed: [], skipped: [], freedBytes: 0 };
    const d = this.o.docker;
    for (const item of preview.items) {
      if (!still.has(`${item.kind}:${item.id}`)) {
        result.skipped.push({ item, reason: 'no longer unused (or already gone) since the preview' });
        continue;
      }
      try {
        if (item.kind === 'container') await d.getContainer(item.id).remove({ v: false });
        else if (item.kind === 'image') await d.getImage(item.id).remove({ noprune: true });
        else if (item.kind === 'network') await d.getNetwork(item.id).remove();
        else if (item.kind === 'volume') await d.getVolume(item.id).remove();
        else await d.pruneBuilder({ filters: JSON.stringify({ id: [item.id] }) } as Docker.PruneBuilderOptions);
        result.removed.push(item);
        result.freedBytes += item.sizeBytes;
      } catch (err) {
        result.skipped.push({ item, reason: (err as Error).message.split('\n')[0]! });
      }
    }
    return result;
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  private async candidates(includeVolumes: boolean): Promise<{ items: PruneItem[]; excluded: string[] }> {
    const d = this.o.docker;
    const scope = this.o.scopeLabel ? { label: [this.o.scopeLabel] } : {};
    const [all, stopped, dangling, networks, df] = await Promise.all([
      d.listContainers({ all: true }),
      d.listContainers({
        all: true,
        size: true,
        filters: JSON.stringify({ ...scope, status: ['exited', 'created', 'dead'] }),
      }),
      d.listImages({ filters: JSON.stringify({ ...scope, dangling: ['true'] }) }),
      d.listNetworks({ filters: JSON.stringify(scope) }),
      d.df() as Promise<DfAnswer>,
    ]);
    const managed = new Set([this.o.project, ...(this.o.projects?.() ?? [])]);
    const stacks = managed.size > 1 ? `managed projects (${[...managed].join(', ')})` : `the ${this.o.project} stack`;
    const ofStack = (labels: Record<string, string> | null | undefined) => managed.has(labels?.[LABELS.project] ?? '');
    const items: PruneItem[] = [];
    const excluded: string[] = [];

    let stackContainers = 0;
    for (const c of stopped) {
      if (ofStack(c.Labels)) {
        stackContainers++;
        continue;
      }
      items.push({
        kind: 'container',
        id: c.Id,
        name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
        sizeBytes: (c as { SizeRw?: number }).SizeRw ?? 0,
        reason: c.Status || c.State,
      });
    }
    if (stackContainers)
      excluded.push(`${stackContainers} stopped container(s) of ${stacks} (remove them with sutazai down)`);

    const usedImages = new Set(all.map((c) => c.ImageID));
    for (const i of dangling) {
      const tagged = (i.RepoTags ?? []).some((t) => t !== '<none>:<none>');
      if (tagged || usedImages.has(i.Id)) continue;
      items.push({
        kind: 'image',
        id: i.Id,
        name: i.Id.replace(/^sha256:/, '').slice(0, 12),
        sizeBytes: i.Size ?? 0,
        reason: 'dangling (no tag, no container)',
      });
    }

    const usedNetworks = new Set(
      all.flatMap((c) => Object.values(c.NetworkSettings?.Networks ?? {}).map((n) => n.NetworkID)),
    );
    for (const n of networks) {
      if (PREDEFINED_NETWORKS.has(n.Name) || usedNetworks.has(n.Id)) continue;
      if (ofStack(n.Labels)) {
        excluded.push(`network ${n.Name} of ${stacks}`);
        continue;
      }
      items.push({ kind: 'network', id: n.Id, name: n.Name, sizeBytes: 0, reason: 'no container attached' });
    }

    const volumes = (df.Volumes ?? []).filter((v) => !this.o.scopeLabel || hasLabel(v.Labels, this.o.scopeLabel));
    const unusedVolumes = volumes.filter((v) => v.UsageData?.RefCount === 0);
    const stackVolumes = unusedVolumes.filter((v) => ofStack(v.Labels));
    if (stackVolumes.length)
      excluded.push(
        `${stackVolumes.length} volume(s) of ${stacks}: never pruned here (sutazai down --volumes removes them)`,
      );
    const otherVolumes = unusedVolumes.filter((v) => !ofStack(v.Labels));
    if (includeVolumes) {
      for (const v of otherVolumes) {
        items.push({
          kind: 'volume',
          id: v.Name,
          name: v.Name,
          sizeBytes: Math.max(0, v.UsageData?.Size ?? 0),
          reason: 'no container uses it',
        });
      }
    } else if (otherVolumes.length) {
      excluded.push(`${otherVolumes.length} unused volume(s): tick "volumes" to include them`);
    }

    if (!this.o.scopeLabel) {
      for (const b of df.BuildCache ?? []) {
        if (b.InUse) continue;
        items.push({
          kind: 'build-cache',
          id: b.ID,
          name: `${b.Type ?? 'cache'} ${b.ID.slice(0, 12)}`,
          sizeBytes: b.Size ?? 0,
          reason: b.Description ?? 'unused build cache',
        });
      }
    }
    return { items, excluded };
  }
}

function hasLabel(labels: Record<string, string> | null | undefined, selector: string): boolean {
  const eq = selector.indexOf('=');
  if (eq < 0) return labels?.[selector] !== undefined;
  return labels?.[selector.slice(0, eq)] === selector.slice(eq + 1);
}
