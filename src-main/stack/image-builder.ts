import dockerignore from '@balena/dockerignore';
import type Docker from 'dockerode';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pack } from 'tar-fs';
import type { BuildSpec } from './compose-model';

export interface BuildProgress {
  /** Percent of the Dockerfile's steps done, when the engine numbers them. */
  percent?: number;
  detail: string;
}

/** The Dockerfile name used in the context for a `dockerfile_inline` build. */
const INLINE_DOCKERFILE = '.sutazai-inline.Dockerfile';

/**
 * The build context as the docker CLI sends it: a tar of the context folder without what
 * `.dockerignore` excludes (the Dockerfile and `.dockerignore` themselves always go).
 */
export function buildContext(spec: BuildSpec): NodeJS.ReadableStream {
  if (!existsSync(spec.context) || !statSync(spec.context).isDirectory())
    throw new Error(`build context ${spec.context} is not a folder`);
  const ignoreFile = join(spec.context, '.dockerignore');
  const rules = existsSync(ignoreFile)
    ? dockerignore({ ignorecase: false }).add(readFileSync(ignoreFile, 'utf8'))
    : undefined;
  const always = new Set(['.dockerignore', spec.dockerfile.split(sep).join('/')]);
  return pack(spec.context, {
    ignore: (name) => {
      const rel = relative(spec.context, name).split(sep).join('/');
      return rel !== '' && rules !== undefined && !always.has(rel) && rules.ignores(rel);
    },
    ...(spec.dockerfileInline !== undefined
      ? {
          finalize: false,
          finish: (p) => {
            p.entry({ name: INLINE_DOCKERFILE, mode: 0o644 }, spec.dockerfileInline!);
            p.finalize();
          },
        }
      : {}),
  });
}

/**
 * Builds an image through the engine's build API and tags it. Progress follows the
 * engine's step lines ("Step 2/4 : RUN ..."); an error in the stream rejects with its message.
 */
export async function buildImage(
  docker: Docker,
  spec: BuildSpec,
  tag: string,
  labels: Record<string, string>,
  onProgress: (p: BuildProgress) => void,
): Promise<void> {
  const stream = await docker.buildImage(buildContext(spec) as unknown as NodeJS.ReadableStream, {
    t: tag,
    dockerfile: spec.dockerfileInline !== undefined ? INLINE_DOCKERFILE : spec.dockerfile,
    buildargs: spec.args,
    labels: { ...spec.labels, ...labels },
    ...(spec.target ? { target: spec.target } : {}),
    ...(spec.network ? { networkmode: spec.network } : {}),
    nocache: spec.noCache,
    pull: spec.pull,
    rm: true,
    forcerm: true,
  });
  await new Promise<void>((resolve, reject) => {
    let failure: string | undefined;
    docker.modem.followProgress(
      stream,
      (err: Error | null) =>
        err || failure ? reject(new Error(`cannot build ${tag}: ${failure ?? err!.message}`)) : resolve(),
      (event: { stream?: string; error?: string; errorDetail?: { message?: string }; status?: string }) => {
        if (event.error || event.errorDetail) {
          failure = (event.errorDetail?.message ?? event.error ?? '').trim();
          return;
        }
        const line = (event.stream ?? event.status ?? '').trim();
        if (!line) return;
        const step = /^Step (\d+)\/(\d+)/.exec(line);
        onProgress({
          ...(step ? { percent: Math.floor(((Number(step[1]) - 1) / Number(step[2])) * 100) } : {}),
          detail: line,
        });
      },
    );
  });
}
