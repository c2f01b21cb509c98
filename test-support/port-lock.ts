import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCK = join(tmpdir(), 'sutazai-template-ports.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The templates bind fixed 127.0.0.1 ports (10000, 10001, 10200, ...). Specs that run the templates
 * as shipped hold this lock, so two test runs on one machine take turns instead of colliding. A
 * lock whose holder died is taken over. Returns the release function.
 */
export async function lockTemplatePorts(timeoutMs = 15 * 60_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch {
      let holder = NaN;
      try {
        holder = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
      } catch {
        // Being written right now, or left without a pid: look again shortly.
      }
      if (Number.isInteger(holder) && !alive(holder)) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`the template ports are still held by process ${holder} (${LOCK})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
