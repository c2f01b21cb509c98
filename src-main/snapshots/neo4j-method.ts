import { createReadStream } from 'node:fs';
import { writeArchive, type WrittenFile } from './archive-writer';
import type { HelperContainers } from './helper-containers';

/** Neo4j's databases to dump: the graph and `system` (users, roles, database definitions). */
export const NEO4J_DATABASES = ['system', 'neo4j'] as const;

/** `neo4j-admin database dump <db> --to-stdout` (Neo4j 5; needs the database stopped on Community Edition). */
export function neo4jDumpCommand(database: string): string[] {
  return ['neo4j-admin', 'database', 'dump', database, '--to-stdout'];
}

/** `neo4j-admin database load <db> --from-stdin --overwrite-destination=true`. */
export function neo4jLoadCommand(database: string): string[] {
  return ['neo4j-admin', 'database', 'load', database, '--from-stdin', '--overwrite-destination=true'];
}

interface Neo4jTarget {
  /** The service's own image (it has neo4j-admin) and environment. */
  image: string;
  env: string[];
  volume: string;
  mountPath: string;
}

/** Dumps one database of a stopped Neo4j: a container of its image on its data volume runs neo4j-admin. */
export async function dumpNeo4j(
  helpers: HelperContainers,
  target: Neo4jTarget,
  database: string,
  file: string,
  o: { onBytes?: (n: number) => void; signal?: AbortSignal },
): Promise<WrittenFile> {
  const run = await helpers.runTool({
    image: target.image,
    cmd: neo4jDumpCommand(database),
    env: target.env,
    mounts: [{ volume: target.volume, target: target.mountPath }],
  });
  try {
    const written = await writeArchive(run.stdout, file, {
      gzip: false,
      ...(o.onBytes ? { onBytes: o.onBytes } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    const { exitCode, stderr } = await run.finish();
    if (exitCode !== 0) throw new Error(`neo4j-admin database dump ${database} exited with ${exitCode}: ${stderr}`);
    return written;
  } catch (err) {
    await run.finish().catch(() => undefined);
    throw err;
  }
}

/** Loads one database's dump into a (stopped) Neo4j data volume. */
export async function loadNeo4j(
  helpers: HelperContainers,
  target: Neo4jTarget,
  database: string,
  file: string,
): Promise<void> {
  const run = await helpers.runTool({
    image: target.image,
    cmd: neo4jLoadCommand(database),
    env: target.env,
    mounts: [{ volume: target.volume, target: target.mountPath }],
    stdin: createReadStream(file),
  });
  run.stdout.resume();
  const { exitCode, stderr } = await run.finish();
  if (exitCode !== 0) throw new Error(`neo4j-admin database load ${database} exited with ${exitCode}: ${stderr}`);
}
