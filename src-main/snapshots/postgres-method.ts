import { createReadStream } from 'node:fs';
import type Docker from 'dockerode';
import { createGunzip } from 'node:zlib';
import { writeArchive, type WrittenFile } from './archive-writer';
import { execStream, execText } from './exec-stream';
import { HELPER_LABEL } from './helper-containers';
import { envValue } from './project-inventory';

/** The connection a PostgreSQL container was initialised with (the official image's variables). */
function credentials(env: string[]): { user: string; password?: string } {
  const password = envValue(env, 'POSTGRES_PASSWORD');
  return { user: envValue(env, 'POSTGRES_USER') || 'postgres', ...(password ? { password } : {}) };
}

/** The exact dump command: every database, roles included, dropping what exists before recreating it. */
export function dumpCommand(user: string): string[] {
  return ['pg_dumpall', '--username', user, '--clean', '--if-exists'];
}

/** The exact load command: psql reading the dump on stdin into the `postgres` database, over TCP. */
export function loadCommand(user: string): string[] {
  return [
    'psql',
    '--no-psqlrc',
    '--quiet',
    '--host',
    '127.0.0.1',
    '--username',
    user,
    '--dbname',
    'postgres',
    '--file',
    '-',
  ];
}

/** `pg_dumpall` in the running container, streamed (gzip) to `file`. */
export async function dumpPostgres(
  docker: Docker,
  container: { id: string; env: string[] },
  file: string,
  o: { onBytes?: (n: number) => void; signal?: AbortSignal },
): Promise<WrittenFile> {
  const { user, password } = credentials(container.env);
  const run = await execStream(docker, container.id, {
    cmd: dumpCommand(user),
    user: 'postgres',
    ...(password ? { env: [`PGPASSWORD=${password}`] } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const written = await writeArchive(run.stdout, file, {
    gzip: true,
    ...(o.onBytes ? { onBytes: o.onBytes } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const { exitCode, stderr } = await run.done;
  if (exitCode !== 0) throw new Error(`pg_dumpall exited with ${exitCode}: ${stderr || 'no message'}`);
  return written;
}

/**
 * Errors psql reports on a fresh cluster that do not change the result: the cluster's own superuser
 * already exists, and the dump's `DROP ROLE IF EXISTS` cannot drop the user it runs as.
 */
export function unexpectedErrors(stderr: string, user: string): string[] {
  const benign = [
    new RegExp(`ERROR:\\s+role "${escape(user)}" already exists`),
    /ERROR:\s+current user cannot be dropped/,
  ];
  return stderr
    .split('\n')
    .filter((l) => /\bERROR:/.test(l))
    .filter((l) => !benign.some((re) => re.test(l)));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Loads a pg_dumpall file into a volume: a temporary container of the service's own image, with its
 * environment (so the entrypoint initialises a cluster as the service would), on that volume, without
 * network; psql reads the dump, then the server is stopped cleanly and the container removed. Any
 * error other than the two a fresh cluster always gives fails the load.
 */
export async function loadPostgres(
  docker: Docker,
  o: {
    image: string;
    env: string[];
    volume: string;
    mountPath: string;
    dumpFile: string;
    labels: Record<string, string>;
    project: string;
    signal?: AbortSignal;
  },
): Promise<void> {
  const { user, password } = credentials(o.env);
  const container = await docker.createContainer({
    Image: o.image,
    Env: o.env,
    Labels: { ...o.labels, [HELPER_LABEL]: o.project },
    HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: o.volume, Target: o.mountPath }] },
  });
  try {
    await container.start();
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (o.signal?.aborted) throw new Error('cancelled');
      const state = (await container.inspect()).State;
      if (!state.Running)
        throw new Error(`PostgreSQL did not start on the restored volume (exit code ${state.ExitCode})`);
      const probe = await execText(docker, container.id, {
        cmd: ['pg_isready', '--host', '127.0.0.1', '--username', user],
      }).catch(() => ({ exitCode: -1 }));
      if (probe.exitCode === 0) break;
      if (Date.now() > deadline) throw new Error('PostgreSQL did not accept connections within 3 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    const errors: string[] = [];
    let partial = '';
    const run = await execStream(docker, container.id, {
      cmd: loadCommand(user),
      user: 'postgres',
      ...(password ? { env: [`PGPASSWORD=${password}`] } : {}),
      stdin: createReadStream(o.dumpFile).pipe(createGunzip()),
      onStderr: (chunk) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        if (errors.length < 20) errors.push(...unexpectedErrors(lines.join('\n'), user));
      },
      ...(o.signal ? { signal: o.signal } : {}),
    });
    run.stdout.resume();
    const { exitCode, stderr } = await run.done;
    errors.push(...unexpectedErrors(partial, user));
    if (exitCode !== 0) throw new Error(`psql exited with ${exitCode}: ${stderr}`);
    if (errors.length) throw new Error(`the dump did not load cleanly: ${errors.slice(0, 5).join('; ')}`);
    const stopTimeout = ((await container.inspect()).Config as { StopTimeout?: number }).StopTimeout ?? 30;
    await container.stop({ t: Math.max(stopTimeout, 30) });
    const exit = (await container.wait()) as { StatusCode: number };
    if (exit.StatusCode !== 0) throw new Error(`PostgreSQL did not shut down cleanly (exit code ${exit.StatusCode})`);
  } finally {
    await container.remove({ force: true, v: true }).catch(() => undefined);
  }
}
