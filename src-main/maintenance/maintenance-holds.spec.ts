import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MaintenanceHolds } from './maintenance-holds';
import { OperationLock } from './operation-lock';
import { ownerAlive } from './process-owner';

const home = mkdtempSync(join(tmpdir(), 'sutazai-holds-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A pid that existed and has ended: a child that exited. */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
}

/** Rewrites a record as a process that has ended would have left it. */
function ownedByDeadProcess(file: string): void {
  const record = JSON.parse(readFileSync(file, 'utf8')) as { owner: { pid: number } };
  record.owner.pid = deadPid();
  writeFileSync(file, JSON.stringify(record));
}

describe('maintenance holds', () => {
  it('tells a held service by the time of an event, also after the hold ended', () => {
    let now = 1_000_000;
    const holds = new MaintenanceHolds(join(home, 'a'), () => now);
    holds.hold('stack', ['db', 'app'], 'snapshot s1');
    holds.markStopped('stack', 'db');
    expect(holds.heldAt('stack', 'db')).toMatchObject({ reason: 'snapshot s1', stopped: true });
    expect(holds.heldAt('stack', 'cache')).toBeUndefined();
    expect(holds.heldAt('other', 'db')).toBeUndefined();
    now += 5000;
    holds.release('stack', ['db', 'app']);
    // An engine event from during the hold, read late, is still the hold's; one after it is not.
    expect(holds.heldAt('stack', 'db', now - 1000)).toBeDefined();
    expect(holds.heldAt('stack', 'db', now + 1)).toBeUndefined();
    expect(holds.heldAt('stack', 'db', 1_000_000 - 5000)).toBeUndefined();
    // Released holds are forgotten after a while.
    now += 10 * 60_000;
    holds.release('stack', []);
    expect(holds.heldAt('stack', 'db', now - 10 * 60_000 - 1000)).toBeUndefined();
  });

  it('finds holds whose owner died, and not those of a live owner', () => {
    const holds = new MaintenanceHolds(join(home, 'b'));
    holds.hold('stack', ['db'], 'snapshot s2');
    expect(holds.stale('stack')).toEqual([]);
    ownedByDeadProcess(join(home, 'b', 'maintenance', 'holds', 'stack@db.json'));
    expect(holds.stale('stack').map((r) => r.service)).toEqual(['db']);
    expect(holds.stale('other')).toEqual([]);
    holds.clear('stack', 'db');
    expect(holds.stale()).toEqual([]);
  });

  it('takes a pid that was reused by a later process for a dead owner', () => {
    expect(ownerAlive({ pid: process.pid, hostname: hostname() })).toBe(true);
    expect(ownerAlive({ pid: process.pid, hostname: hostname(), startTicks: '1' })).toBe(false);
    expect(ownerAlive({ pid: deadPid(), hostname: hostname() })).toBe(false);
    expect(ownerAlive({ pid: 1, hostname: 'another-machine' })).toBe(true);
  });
});

describe('operation lock', () => {
  it('lets one operation per project run, names the one that runs, and takes over a dead one', () => {
    const lock = new OperationLock(join(home, 'c'));
    const release = lock.acquire('stack', 'snapshot');
    expect(() => lock.acquire('stack', 'restore')).toThrow(/snapshot of stack is in progress \(process \d+/);
    const other = lock.acquire('other', 'restore');
    other();
    release();
    const again = lock.acquire('stack', 'restore');
    ownedByDeadProcess(join(home, 'c', 'maintenance', 'stack.lock'));
    const taken = lock.acquire('stack', 'snapshot');
    expect(lock.holder('stack')?.operation).toBe('snapshot');
    taken();
    again();
    expect(lock.holder('stack')).toBeUndefined();
  });
});
