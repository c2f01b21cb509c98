import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../src-shared/api';
import { currentOwner, ownerAlive, type ProcessOwner } from './process-owner';

interface LockRecord {
  owner: ProcessOwner;
  operation: string;
  since: number;
}

/**
 * One snapshot, restore or clone at a time per project, across every process that shares the home
 * (the desktop app, `sutazai serve`, a terminal). The lock is a file created exclusively; a lock
 * whose owner died is taken over.
 */
export class OperationLock {
  private readonly dir: string;

  constructor(home: string) {
    this.dir = join(home, 'maintenance');
  }

  /** Takes the project's lock or throws CONFLICT naming who has it; returns the release. */
  acquire(project: string, operation: string): () => void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, `${project}.lock`);
    const record: LockRecord = { owner: currentOwner(), operation, since: Date.now() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        try {
          writeSync(fd, JSON.stringify(record));
        } finally {
          closeSync(fd);
        }
        let released = false;
        return () => {
          if (released) return;
          released = true;
          rmSync(file, { force: true });
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const held = this.holder(project);
        if (held && ownerAlive(held.owner)) {
          throw new ApiError(
            'CONFLICT',
            `${held.operation} of ${project} is in progress (process ${held.owner.pid} on ${held.owner.hostname}, since ${new Date(held.since).toISOString()})`,
            'Wait for it to finish, or cancel it where it was started.',
          );
        }
        rmSync(file, { force: true });
      }
    }
    throw new ApiError('CONFLICT', `Another process took the lock of ${project} at the same moment`, 'Try again.');
  }

  /** Who holds the project's lock now, if anyone (alive or not). */
  holder(project: string): LockRecord | undefined {
    try {
      return JSON.parse(readFileSync(join(this.dir, `${project}.lock`), 'utf8')) as LockRecord;
    } catch {
      return undefined;
    }
  }
}
