import type Docker from 'dockerode';
import type { MetricsSnapshot } from '../../src-shared/api/features/metrics';
import { listProjectContainers, type ProjectContainer } from '../engine';
import type { Member } from './memory-outcome';

/** What a container's configuration says, read once per container (it does not change while it lives). */
export interface ContainerFacts {
  oomScoreAdj: number;
  /** Its memory limit; undefined without one. */
  limitBytes?: number;
  /** Host paths of its mounts, by path in the container. */
  mounts: Record<string, string>;
  /** Whether it was given GPUs (a device request). */
  gpus: boolean;
}

export interface RunningMember extends Member {
  container: ProjectContainer;
  facts: ContainerFacts;
}

export interface RunningMembersOptions {
  docker: Docker;
  /** The metrics collector's latest snapshot (working sets of every running container). */
  latestSnapshot?: () => MetricsSnapshot | undefined;
  /** Reads one container's working set now (cgroup files, else the engine's stats), for what the snapshot lacks. */
  workingSet: (id: string) => Promise<number | undefined>;
  /** A snapshot older than this is not used (default 15 s: the collector samples every 10 s when no view is open). */
  maxSnapshotAgeMs?: number;
  now?: () => number;
}

/**
 * The project's running services with their working sets: from the metrics collector's latest
 * snapshot when it is fresh and holds the container, else read now the way the guard reads them.
 */
export class RunningMembers {
  private readonly facts = new Map<string, ContainerFacts>();

  constructor(private readonly o: RunningMembersOptions) {}

  async read(project: string): Promise<{ members: RunningMember[]; source: string }> {
    const now = (this.o.now ?? Date.now)();
    const snapshot = this.o.latestSnapshot?.();
    const fresh = snapshot && now - snapshot.time <= (this.o.maxSnapshotAgeMs ?? 15_000) ? snapshot : undefined;
    const fromSnapshot = new Map((fresh?.containers ?? []).map((c) => [c.id, c.memBytes]));
    const containers = await listProjectContainers(this.o.docker, project, { running: true });
    for (const id of [...this.facts.keys()]) if (!containers.some((c) => c.id === id)) this.facts.delete(id);
    let readNow = 0;
    const members = await Promise.all(
      containers.map(async (c): Promise<RunningMember> => {
        let bytes = fromSnapshot.get(c.id);
        if (bytes === undefined) {
          readNow++;
          bytes = (await this.o.workingSet(c.id).catch(() => undefined)) ?? 0;
        }
        const facts = await this.factsOf(c.id);
        return {
          id: c.id,
          project,
          service: c.service,
          tier: c.tier,
          bytes,
          oomScoreAdj: facts.oomScoreAdj,
          startedByAction: false,
          container: c,
          facts,
        };
      }),
    );
    const parts = [];
    if (fresh && containers.length > readNow)
      parts.push(
        `the metrics collector's snapshot ${Math.round((now - fresh.time) / 1000)} s old (${fresh.source}) for ${containers.length - readNow}`,
      );
    if (readNow) parts.push(`read now for ${readNow}`);
    return { members, source: parts.length ? `working sets: ${parts.join('; ')}` : 'no running service' };
  }

  private async factsOf(id: string): Promise<ContainerFacts> {
    const known = this.facts.get(id);
    if (known) return known;
    const info = await this.o.docker.getContainer(id).inspect();
    const host = info.HostConfig as { OomScoreAdj?: number; Memory?: number; DeviceRequests?: unknown[] | null };
    const facts: ContainerFacts = {
      oomScoreAdj: host.OomScoreAdj ?? 0,
      ...(host.Memory ? { limitBytes: host.Memory } : {}),
      mounts: Object.fromEntries((info.Mounts ?? []).map((m) => [m.Destination, m.Source])),
      gpus: Array.isArray(host.DeviceRequests) && host.DeviceRequests.length > 0,
    };
    this.facts.set(id, facts);
    return facts;
  }
}
