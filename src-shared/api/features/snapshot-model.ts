import { z } from 'zod';

/**
 * What a snapshot holds and what its operations answer, as schemas: the core validates every
 * manifest it reads with them, the HTTP API documents its answers with them, and the types below
 * are inferred from them, so the three cannot drift apart.
 */

/** `<project>-<yyyymmdd>-<hhmmss>` in UTC, with `-2`, `-3`… when two are made in the same second. */
export const SNAPSHOT_ID = /^[a-z0-9][a-z0-9_-]{0,62}-\d{8}-\d{6}(-\d{1,3})?$/;
export const snapshotId = z.string().regex(SNAPSHOT_ID, 'a snapshot id such as sutazai-20250101-120000');

/**
 * How a service's data was captured:
 * - `pg_dumpall`, `redis-bgsave`, `qdrant-snapshot`, `neo4j-dump`: the database's own tool;
 * - `stop`: the service (and what depends on it) stopped while its volumes were archived;
 * - `live`: archived while it ran, without any consistency guarantee (only when chosen);
 * - `offline`: it was not running, so its volumes were archived as they are.
 */
export const CAPTURE_METHODS = [
  'pg_dumpall',
  'redis-bgsave',
  'qdrant-snapshot',
  'neo4j-dump',
  'stop',
  'live',
  'offline',
] as const;
export const captureMethod = z.enum(CAPTURE_METHODS);
export type CaptureMethod = (typeof CAPTURE_METHODS)[number];

/** What the user may ask for per service: the best method available (`auto`), a stop, or a live copy. */
export const METHOD_CHOICES = ['auto', 'stop', 'live'] as const;
export const methodChoice = z.enum(METHOD_CHOICES);
export type MethodChoice = (typeof METHOD_CHOICES)[number];

const sha256 = z.string().regex(/^[a-f0-9]{64}$/, 'a SHA-256 in hex');
const count = z.number().int().nonnegative();
const isoTime = z.iso.datetime();
/** A path inside the snapshot folder: no `..`, no leading slash. */
const innerFile = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.@+-]*(\/[A-Za-z0-9_][A-Za-z0-9_.@+-]*)*$/, 'a file inside the snapshot folder');

export const ARCHIVE_KINDS = ['tar.gz', 'sql.gz', 'qdrant-snapshot', 'neo4j-dump', 'file', 'secrets-envelope'] as const;

export const archiveEntry = z
  .object({
    file: innerFile,
    sha256,
    /** Bytes of the file as stored. */
    bytes: count,
    kind: z.enum(ARCHIVE_KINDS),
    /** Bytes before compression (the tar stream, the SQL text). */
    rawBytes: count.optional(),
    /** Entries in a tar archive. */
    entries: count.optional(),
    /** The database or collection it holds. */
    name: z.string().max(200).optional(),
  })
  .strict();
export type ArchiveEntry = z.infer<typeof archiveEntry>;

export const volumeEntry = z
  .object({
    /** The compose key (`postgres_data`). */
    key: z.string().min(1).max(200),
    /** The engine's name (`sutazai_postgres_data`). */
    name: z.string().min(1).max(255),
    driver: z.string().max(100),
    /** The service whose data it is, and where that service mounts it. */
    service: z.string().max(64).optional(),
    mountPath: z.string().max(4096).optional(),
    method: captureMethod,
    /** Disk usage when it was captured (`du`). */
    sizeBytes: count,
    archives: z.array(archiveEntry),
    /** The volume's own folder: tar archives keep it, the engine's extraction does not restore it. */
    root: z.object({ mode: count, uid: count, gid: count }).strict().optional(),
    /** Why it holds no archive (model weights left out, for instance). */
    skipped: z.string().max(500).optional(),
  })
  .strict();
export type VolumeEntry = z.infer<typeof volumeEntry>;

export const serviceEntry = z
  .object({
    service: z.string().min(1).max(64),
    /** The image reference the service runs, its id and the registry digests the engine knows. */
    image: z.string().max(500),
    imageId: z.string().max(100),
    repoDigests: z.array(z.string().max(600)),
    /** The container's state when the snapshot began. */
    state: z.string().max(32),
    method: captureMethod.or(z.literal('none')),
    volumes: z.array(z.string().max(200)),
    /** How long the service was stopped for the snapshot. */
    downtimeMs: count.optional(),
    note: z.string().max(500).optional(),
  })
  .strict();
export type ServiceEntry = z.infer<typeof serviceEntry>;

export const modelEntry = z
  .object({ name: z.string().max(300), digest: z.string().max(200), sizeBytes: count })
  .strict();

export const snapshotManifest = z
  .object({
    format: z.literal(1),
    id: snapshotId,
    project: z.string().min(1).max(64),
    label: z.string().max(200).optional(),
    trigger: z.enum(['manual', 'schedule']),
    createdAt: isoTime,
    completedAt: isoTime,
    appVersion: z.string().max(100),
    hostname: z.string().max(255),
    engine: z.object({ version: z.string().max(100), apiVersion: z.string().max(20) }).strict(),
    services: z.array(serviceEntry),
    volumes: z.array(volumeEntry),
    models: z
      .object({
        listed: z.boolean(),
        error: z.string().max(500).optional(),
        weightsIncluded: z.boolean(),
        items: z.array(modelEntry),
      })
      .strict(),
    config: z
      .object({
        templates: archiveEntry.extend({ files: z.array(z.string().max(300)) }).strict(),
        override: archiveEntry.optional(),
        secrets: archiveEntry.extend({ encrypted: z.boolean(), names: z.array(z.string().max(200)) }).optional(),
      })
      .strict(),
    totals: z.object({ archiveBytes: count, dataBytes: count }).strict(),
  })
  .strict();
export type SnapshotManifest = z.infer<typeof snapshotManifest>;

export const snapshotSummary = z
  .object({
    id: snapshotId,
    project: z.string(),
    label: z.string().optional(),
    trigger: z.enum(['manual', 'schedule']),
    createdAt: isoTime,
    /** The folder that holds it (the default under SUTAZAI_HOME, or one the user chose). */
    folder: z.string(),
    appVersion: z.string(),
    /** Bytes of its files on disk, and of the data they hold. */
    archiveBytes: count,
    dataBytes: count,
    services: z.array(z.object({ service: z.string(), method: captureMethod.or(z.literal('none')) }).strict()),
    secretsEncrypted: z.boolean(),
    models: count,
    weightsIncluded: z.boolean(),
    /** The last verification of its checksums, kept beside it. */
    verified: z.object({ at: isoTime, ok: z.boolean() }).strict().optional(),
  })
  .strict();
export type SnapshotSummary = z.infer<typeof snapshotSummary>;

export const capturePlan = z
  .object({
    project: z.string(),
    destination: z.string(),
    services: z.array(
      z
        .object({
          service: z.string(),
          state: z.string(),
          image: z.string(),
          volumes: z.array(z.object({ key: z.string(), name: z.string(), sizeBytes: count }).strict()),
          method: captureMethod,
          /** What else the user may choose for it. */
          choices: z.array(methodChoice),
          reason: z.string(),
          /** Services stopped with it (what depends on it first), for `stop` and `neo4j-dump`. */
          stops: z.array(z.string()),
        })
        .strict(),
    ),
    /** Volumes of the project no container mounts: archived as they are. */
    otherVolumes: z.array(z.object({ key: z.string(), name: z.string(), sizeBytes: count }).strict()),
    /** Volumes left out (model weights unless asked for). */
    skipped: z.array(z.object({ key: z.string(), name: z.string(), reason: z.string() }).strict()),
    models: z.object({ listed: z.boolean(), count: count, error: z.string().optional() }).strict(),
    totalBytes: count,
    helperImage: z.object({ image: z.string(), present: z.boolean() }).strict(),
  })
  .strict();
export type CapturePlan = z.infer<typeof capturePlan>;

export const verifyReport = z
  .object({
    id: snapshotId,
    ok: z.boolean(),
    checkedAt: isoTime,
    files: z.array(
      z
        .object({
          file: z.string(),
          ok: z.boolean(),
          /** What is wrong: missing, a different size or checksum. */
          problem: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();
export type VerifyReport = z.infer<typeof verifyReport>;

export const restorePlan = z
  .object({
    id: snapshotId,
    project: z.string(),
    snapshotCreatedAt: isoTime,
    volumes: z.array(
      z
        .object({
          key: z.string(),
          name: z.string(),
          service: z.string().optional(),
          method: captureMethod,
          /** Its data now (null: the volume does not exist and is created). */
          currentBytes: count.nullable(),
          /** When its newest file was last changed: what was written after the snapshot is lost. */
          lastChangedAt: isoTime.nullable(),
          snapshotBytes: count,
        })
        .strict(),
    ),
    /** Services stopped during the restore and started again afterwards. */
    stops: z.array(z.string()),
    /** stack.env of the snapshot against the stack's now (a sealed one cannot be compared before it is opened). */
    secrets: z.enum(['same', 'differs', 'not-in-snapshot', 'sealed']),
    override: z.enum(['same', 'differs', 'none']),
    warnings: z.array(z.string()),
    needsPassphrase: z.boolean(),
    /** Models the snapshot lists that Ollama does not have now (pulled again only when asked). */
    modelsMissing: z.array(z.string()),
    /** Give this back to restore what was shown; valid for 10 minutes. */
    confirmToken: z.string(),
    expiresAt: isoTime,
  })
  .strict();
export type RestorePlan = z.infer<typeof restorePlan>;

export const restoreReport = z
  .object({
    id: snapshotId,
    project: z.string(),
    durationMs: count,
    volumes: z.array(z.object({ name: z.string(), method: captureMethod }).strict()),
    started: z.array(z.object({ service: z.string(), ready: z.boolean(), error: z.string().optional() }).strict()),
    warnings: z.array(z.string()),
    /** Files kept aside because the restore replaced them (stack.env, the override). */
    keptAside: z.array(z.string()),
    modelsMissing: z.array(z.string()),
  })
  .strict();
export type RestoreReport = z.infer<typeof restoreReport>;

export const cloneReport = z
  .object({
    id: snapshotId,
    project: z.string(),
    /** The clone's own folder: its templates, stack.env and override. */
    folder: z.string(),
    /** Host ports moved so the clone runs beside the original. */
    ports: z.array(
      z.object({ service: z.string(), containerPort: count, protocol: z.string(), from: count, to: count }).strict(),
    ),
    started: z.array(z.object({ service: z.string(), ready: z.boolean(), error: z.string().optional() }).strict()),
    warnings: z.array(z.string()),
    durationMs: count,
  })
  .strict();
export type CloneReport = z.infer<typeof cloneReport>;

export const scheduleSettings = z
  .object({
    enabled: z.boolean(),
    frequency: z.enum(['daily', 'weekly']),
    /** Local time of day, `HH:MM`. */
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day such as 03:30'),
    /** 0 Sunday … 6 Saturday (weekly only). */
    weekday: z.number().int().min(0).max(6),
    /** How many scheduled snapshots to keep; older ones are deleted (manual ones never). */
    keep: z.number().int().min(1, 'keep at least one').max(365),
    includeModelWeights: z.boolean(),
  })
  .strict();
export type ScheduleSettings = z.infer<typeof scheduleSettings>;

export const DEFAULT_SCHEDULE: ScheduleSettings = {
  enabled: false,
  frequency: 'daily',
  time: '03:30',
  weekday: 0,
  keep: 7,
  includeModelWeights: false,
};

export const scheduleView = z
  .object({
    settings: scheduleSettings,
    nextRunAt: isoTime.nullable(),
    lastRun: z
      .object({ at: isoTime, ok: z.boolean(), id: z.string().optional(), error: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict();
export type ScheduleView = z.infer<typeof scheduleView>;

export const SNAPSHOT_PHASES = [
  'pulling',
  'planning',
  'configuration',
  'stopping',
  'capturing',
  'starting',
  'verifying',
  'staging',
  'swapping',
  'finishing',
  'done',
  'failed',
  'cancelled',
] as const;

export const snapshotProgress = z
  .object({
    operation: z.enum(['create', 'restore', 'clone']),
    operationId: z.string(),
    project: z.string(),
    snapshotId: z.string(),
    phase: z.enum(SNAPSHOT_PHASES),
    service: z.string().optional(),
    volume: z.string().optional(),
    /** Bytes read so far of all the data, and the estimate of the whole (from `du`). */
    bytesDone: count,
    bytesTotal: count,
    message: z.string(),
    time: z.number(),
  })
  .strict();
export type SnapshotProgress = z.infer<typeof snapshotProgress>;
