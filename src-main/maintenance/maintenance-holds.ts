import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentOwner, ownerAlive, type ProcessOwner } from './process-owner';

/** One service held for maintenance: the supervisor does not restart it and the guard does not stop it. */
export interface HoldRecord {
  project: string;
  service: string;
  /** Shown to the user, e.g. "snapshot sutazai-20250101-120000". */
  reason: string;
  owner: ProcessOwner;
  since: number;
  /** When the hold ended; a record is kept a while after, so late engine events are still told apart. */
  until?: number;
  /** Whether the holder stopped the service (then it must be started again if the holder dies). */
  stopped: boolean;
  /** A setting the holder changed in the running service and puts back when done (Redis's AOF rewrites). */
  undo?: { method: string; args: string[] };
}

/** How long a released hold is kept, for events the supervisor reads late. */
const KEEP_RELEASED_MS = 5 * 60_000;

/**
 * Maintenance holds, one small file per service under `<home>/maintenance/holds/`, so every process
 * that shares the home sees them: the desktop app's supervisor honours a hold taken by
 * `sutazai snapshot create` in a terminal. A hold whose owner died (`kill -9`) is stale: whoever
 * starts next finds it with `stale()` and starts what it stopped.
 */
export class MaintenanceHolds {
  private readonly dir: string;

  constructor(
    home: string,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = join(home, 'maintenance', 'holds');
  }

  /** Holds services until `release`; re-holding a service this process holds renews it. */
  hold(project: string, services: string[], reason: string): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const owner = currentOwner();
    for (const service of services) {
      this.write({ project, service, reason, owner, since: this.now(), stopped: false });
    }
  }

  /** Records that the holder stopped the service (call before stopping it). */
  markStopped(project: string, service: string): void {
    const r = this.read(project, service);
    if (r) this.write({ ...r, stopped: true });
  }

  /** Records what to put back if the holder dies before it does. */
  markUndo(project: string, service: string, undo: HoldRecord['undo']): void {
    const r = this.read(project, service);
    if (!r) return;
    const { undo: _old, ...rest } = r;
    this.write(undo ? { ...rest, undo } : rest);
  }

  /** Records that the service runs again (after the holder started it). */
  markStarted(project: string, service: string): void {
    const r = this.read(project, service);
    if (r) this.write({ ...r, stopped: false });
  }

  release(project: string, services: string[]): void {
    for (const service of services) {
      const r = this.read(project, service);
      if (r && r.until === undefined) this.write({ ...r, until: this.now() });
    }
    this.prune();
  }

  /** The hold on a service at a time (an engine event's time), if any; a stale hold still counts. */
  heldAt(project: string, service: string, time: number = this.now()): HoldRecord | undefined {
    const r = this.read(project, service);
    if (!r || time < r.since - 1000) return undefined;
    if (r.until !== undefined && time > r.until) return undefined;
    return r;
  }

  /** Holds whose owner died before releasing them. */
  stale(project?: string): HoldRecord[] {
    return this.all().filter(
      (r) => r.until === undefined && (project === undefined || r.project === project) && !ownerAlive(r.owner),
    );
  }

  /** Forgets a hold (after its services were started again by whoever found it stale). */
  clear(project: string, service: string): void {
    rmSync(this.file(project, service), { force: true });
  }

  private prune(): void {
    for (const r of this.all())
      if (r.until !== undefined && this.now() - r.until > KEEP_RELEASED_MS) this.clear(r.project, r.service);
  }

  private all(): HoldRecord[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    return names
      .filter((n) => n.endsWith('.json'))
      .map((n) => this.readFile(join(this.dir, n)))
      .filter((r): r is HoldRecord => r !== undefined);
  }

  private read(project: string, service: string): HoldRecord | undefined {
    return this.readFile(this.file(project, service));
  }

  private readFile(file: string): HoldRecord | undefined {
    try {
      const r = JSON.parse(readFileSync(file, 'utf8')) as HoldRecord;
      return typeof r.project === 'string' && typeof r.service === 'string' && typeof r.owner?.pid === 'number'
        ? r
        : undefined;
    } catch {
      return undefined;
    }
  }

  private write(r: HoldRecord): void {
    const file = this.file(r.project, r.service);
    writeFileSync(`${file}.tmp`, JSON.stringify(r), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  /** `@` appears in neither a project nor a service name. */
  private file(project: string, service: string): string {
    return join(this.dir, `${project}@${service}.json`);
  }
}
