import type Docker from 'dockerode';

export interface PullProgress {
  image: string;
  percent: number;
  detail: string;
}

/** Whether the engine has the image locally. */
export async function hasImage(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch {
    return false;
  }
}

/**
 * Pulls an image, reporting progress summed over its layers (bytes downloaded of bytes known).
 * Resolves when the engine reports the pull done; rejects with the engine's message.
 */
export function pullImage(docker: Docker, image: string, onProgress: (p: PullProgress) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.pull(image, (err: Error | null, stream: NodeJS.ReadableStream) => {
      if (err) return reject(new Error(`cannot pull ${image}: ${err.message}`));
      const layers = new Map<string, { current: number; total: number }>();
      // The engine reports a pull that fails midway as an `error` line in a stream that then ends normally.
      let failure: string | undefined;
      docker.modem.followProgress(
        stream,
        (doneErr: Error | null) => {
          const message = doneErr?.message ?? failure;
          if (message) reject(new Error(`cannot pull ${image}: ${message}`));
          else resolve();
        },
        (event: {
          id?: string;
          status?: string;
          progressDetail?: { current?: number; total?: number };
          error?: string;
          errorDetail?: { message?: string };
        }) => {
          if (event.error || event.errorDetail) {
            failure ??= event.errorDetail?.message ?? event.error;
            return;
          }
          if (event.id && event.progressDetail?.total) {
            layers.set(event.id, { current: event.progressDetail.current ?? 0, total: event.progressDetail.total });
          } else if (event.id && /complete|already exists/i.test(event.status ?? '')) {
            const l = layers.get(event.id);
            if (l) l.current = l.total;
          }
          let cur = 0;
          let tot = 0;
          for (const l of layers.values()) {
            cur += l.current;
            tot += l.total;
          }
          onProgress({
            image,
            percent: tot ? Math.floor((cur / tot) * 100) : 0,
            detail: `${event.status ?? ''}${event.id ? ` ${event.id}` : ''}`,
          });
        },
      );
    });
  });
}
