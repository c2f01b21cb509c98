import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentOwner, type ProcessOwner } from '../maintenance';

/**
 * Where a restore stands, written before each step, so the next process to start can finish or undo
 * a restore whose process died:
 * - `staging`: only staging volumes exist; nothing of the stack was touched (they are removed);
 * - `swapping`: services are stopped and volumes are being replaced (every volume is swapped from its
 *   staging copy, then committed; a swap that fails rolls all of them back);
 * - `starting`: the data is in place; the stopped services are started again.
 */
export interface RestoreJournal {
  operationId: string;
  project: string;
  snapshotId: string;
  owner: ProcessOwner;
  phase: 'staging' | 'swapping' | 'starting';
  volumes: { name: string; staging: string; swapped: boolean }[];
  /** Services the restore stopped, to start again (by the stack's own `up`, since stack.env may have changed). */
  services: string[];
}

export class RestoreJournals {
  private readonly dir: string;

  constructor(home: string) {
    this.dir = join(home, 'maintenance');
  }

  begin(j: Omit<RestoreJournal, 'owner'>): RestoreJournal {
    const journal = { ...j, owner: currentOwner() };
    this.write(journal);
    return journal;
  }

  write(j: RestoreJournal): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = this.file(j.project);
    writeFileSync(`${file}.tmp`, JSON.stringify(j), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  read(project: string): RestoreJournal | undefined {
    try {
      return JSON.parse(readFileSync(this.file(project), 'utf8')) as RestoreJournal;
    } catch {
      return undefined;
    }
  }

  clear(project: string): void {
    rmSync(this.file(project), { force: true });
  }

  private file(project: string): string {
    return join(this.dir, `restore-${project}.json`);
  }
}
