import type { Tier } from '../../src-shared/api';
import type { Db } from '../store';

/** A compose folder the user added, as the database keeps it. */
export interface ProjectRecord {
  name: string;
  dir: string;
  /** The compose files when they are not those compose finds by name in `dir` (empty: found by name at each load). */
  files: string[];
  defaultTier: Tier;
  addedAt: number;
}

interface Row {
  name: string;
  dir: string;
  files: string;
  default_tier: Tier;
  added_at: number;
}

/** The managed compose folders (migration 10, `projects`). */
export class ProjectRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  list(): ProjectRecord[] {
    return (this.db.prepare('SELECT * FROM projects ORDER BY added_at, name').all() as Row[]).map(toRecord);
  }

  get(name: string): ProjectRecord | undefined {
    const row = this.db.prepare('SELECT * FROM projects WHERE name = ?').get(name) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  add(record: Omit<ProjectRecord, 'addedAt'>): ProjectRecord {
    const addedAt = this.now();
    this.db
      .prepare('INSERT INTO projects (name, dir, files, default_tier, added_at) VALUES (?, ?, ?, ?, ?)')
      .run(record.name, record.dir, JSON.stringify(record.files), record.defaultTier, addedAt);
    return { ...record, addedAt };
  }

  setDefaultTier(name: string, tier: Tier): void {
    this.db.prepare('UPDATE projects SET default_tier = ? WHERE name = ?').run(tier, name);
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM projects WHERE name = ?').run(name).changes > 0;
  }
}

function toRecord(row: Row): ProjectRecord {
  return {
    name: row.name,
    dir: row.dir,
    files: JSON.parse(row.files) as string[],
    defaultTier: row.default_tier,
    addedAt: row.added_at,
  };
}
