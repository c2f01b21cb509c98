import type { Db } from '../store';
import type { DangerousSetting } from './compose-model';

/** Which dangerous settings a user accepted, per project, service and configuration hash. */
export interface AcknowledgementStore {
  has(project: string, service: string, configHash: string): boolean;
  add(project: string, service: string, configHash: string, settings: DangerousSetting[]): void;
}

/** Acknowledgements kept in the app's database, so a service is asked about once per configuration. */
export class AcknowledgementRepository implements AcknowledgementStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  has(project: string, service: string, configHash: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM stack_acknowledgements WHERE project = ? AND service = ? AND config_hash = ?')
        .get(project, service, configHash) !== undefined
    );
  }

  add(project: string, service: string, configHash: string, settings: DangerousSetting[]): void {
    this.db
      .prepare(
        `INSERT INTO stack_acknowledgements (project, service, config_hash, settings, acknowledged_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(project, service, config_hash) DO UPDATE SET settings = excluded.settings, acknowledged_at = excluded.acknowledged_at`,
      )
      .run(project, service, configHash, JSON.stringify(settings), this.now());
  }
}

/** For a host without the database: acknowledgements last as long as the process. */
export class MemoryAcknowledgements implements AcknowledgementStore {
  private readonly keys = new Set<string>();

  has(project: string, service: string, configHash: string): boolean {
    return this.keys.has(`${project}\0${service}\0${configHash}`);
  }

  add(project: string, service: string, configHash: string): void {
    this.keys.add(`${project}\0${service}\0${configHash}`);
  }
}
