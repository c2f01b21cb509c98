import type Docker from 'dockerode';
import { execText } from './exec-stream';
import { envValue } from './project-inventory';

export interface RedisContainer {
  id: string;
  env: string[];
  cmd: string[];
}

/** The password redis-cli needs: REDISCLI_AUTH as the templates set it, else `--requirepass` on the command line. */
function authEnv(c: RedisContainer): string[] {
  if (envValue(c.env, 'REDISCLI_AUTH')) return [];
  const i = c.cmd.indexOf('--requirepass');
  const password = i >= 0 ? c.cmd[i + 1] : undefined;
  return password ? [`REDISCLI_AUTH=${password}`] : [];
}

/** An error reply as redis-cli prints it without a terminal: `ERR …`, `NOAUTH …`, `LOADING …`. */
const ERROR_REPLY = /^(ERR|[A-Z]{4,}) /;

async function cli(docker: Docker, c: RedisContainer, args: string[]): Promise<string> {
  // Without a terminal redis-cli prints replies raw: one value per line, errors as their text.
  const r = await execText(docker, c.id, { cmd: ['redis-cli', ...args], env: authEnv(c) });
  if (r.exitCode !== 0 || ERROR_REPLY.test(r.stdout))
    throw new Error(`redis-cli ${args[0]} failed: ${(r.stdout + r.stderr).trim() || `exit code ${r.exitCode}`}`);
  return r.stdout;
}

function infoField(info: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/** The commands sent, in order, so the spec can compare them with Redis's documentation. */
export const REDIS_COMMANDS = {
  save: ['BGSAVE'],
  pauseRewrites: ['CONFIG', 'SET', 'auto-aof-rewrite-percentage', '0'],
};

/**
 * Makes the files in Redis's data folder a consistent copy while it runs, as Redis's persistence
 * documentation describes: `BGSAVE` (an RDB file is never modified once written) and wait until
 * LASTSAVE moves; with AOF on, also stop automatic AOF rewrites and wait for any running one to end,
 * so the AOF manifest and base files do not change while they are copied (the incremental file only
 * grows, and Redis loads a cut last command). Returns how to resume rewrites afterwards.
 */
export async function quiesceRedis(
  docker: Docker,
  c: RedisContainer,
  signal?: AbortSignal,
  timeoutMs = 600_000,
): Promise<{ aof: boolean; resume: string[] | undefined }> {
  const deadline = Date.now() + timeoutMs;
  const wait = async (what: string, done: (info: string) => boolean): Promise<string> => {
    for (;;) {
      if (signal?.aborted) throw new Error('cancelled');
      const info = await cli(docker, c, ['INFO', 'persistence']);
      if (done(info)) return info;
      if (Date.now() > deadline) throw new Error(`Redis did not finish ${what} in time`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const before = Number((await cli(docker, c, ['LASTSAVE'])).replace(/\D/g, ''));
  const info = await wait('its running save', (i) => infoField(i, 'rdb_bgsave_in_progress') === '0');
  const startedAt = Math.floor(Date.now() / 1000);
  for (let attempt = 0; ; attempt++) {
    try {
      await cli(docker, c, REDIS_COMMANDS.save);
      break;
    } catch (err) {
      // A save that started meanwhile (Redis's own `save` rule): wait for it, then ask again.
      if (attempt > 20 || !/already in progress/.test((err as Error).message)) throw err;
      await wait('its running save', (i) => infoField(i, 'rdb_bgsave_in_progress') === '0');
    }
  }
  const saved = await wait(
    'BGSAVE',
    (i) =>
      infoField(i, 'rdb_bgsave_in_progress') === '0' &&
      Number(infoField(i, 'rdb_last_save_time')) >= Math.max(before + 1, startedAt),
  );
  if (infoField(saved, 'rdb_last_bgsave_status') !== 'ok')
    throw new Error(`Redis could not save: rdb_last_bgsave_status is ${infoField(saved, 'rdb_last_bgsave_status')}`);
  if (infoField(info, 'aof_enabled') !== '1') return { aof: false, resume: undefined };
  const current = /(\d+)\s*$/.exec(await cli(docker, c, ['CONFIG', 'GET', 'auto-aof-rewrite-percentage']));
  await cli(docker, c, REDIS_COMMANDS.pauseRewrites);
  const resume = ['CONFIG', 'SET', 'auto-aof-rewrite-percentage', current?.[1] ?? '100'];
  try {
    await wait(
      'its AOF rewrite',
      (i) => infoField(i, 'aof_rewrite_in_progress') === '0' && infoField(i, 'aof_rewrite_scheduled') === '0',
    );
  } catch (err) {
    await resumeRedis(docker, c, resume).catch(() => undefined);
    throw err;
  }
  return { aof: true, resume };
}

/** Puts back what `quiesceRedis` changed. */
export async function resumeRedis(docker: Docker, c: RedisContainer, resume: string[] | undefined): Promise<void> {
  if (resume) await cli(docker, c, resume);
}
