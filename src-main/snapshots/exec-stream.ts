import { Readable, type Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { FrameDemux, TextTail } from './frame-demux';

export interface ExecOptions {
  cmd: string[];
  /** Added to the container's environment for this command only (passwords: never logged). */
  env?: string[];
  user?: string;
  /** Streamed to the command's stdin, which is closed at its end. */
  stdin?: Readable;
  /** Each chunk of stderr as it comes (the end of it is also in `done`). */
  onStderr?: (chunk: Buffer) => void;
  signal?: AbortSignal;
}

export interface ExecRun {
  /** The command's stdout, as bytes, with backpressure up to the engine's socket. */
  stdout: Readable;
  /** Once the command's output has ended: its exit code and the end of its stderr. */
  done: Promise<{ exitCode: number; stderr: string }>;
}

/** Runs a command in a running container with its output as a stream (a dump, an archive), not a string. */
export async function execStream(docker: Docker, containerId: string, o: ExecOptions): Promise<ExecRun> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: o.cmd,
    AttachStdin: Boolean(o.stdin),
    AttachStdout: true,
    AttachStderr: true,
    ...(o.env ? { Env: o.env } : {}),
    ...(o.user ? { User: o.user } : {}),
  });
  const socket = (await exec.start({ hijack: true, stdin: Boolean(o.stdin) })) as Duplex;
  const stderr = new TextTail();
  const stdout = new FrameDemux((chunk) => {
    stderr.add(chunk);
    o.onStderr?.(chunk);
  });
  const abort = (): void => {
    const err = new Error('cancelled');
    socket.destroy(err);
    stdout.destroy(err);
  };
  if (o.signal?.aborted) abort();
  o.signal?.addEventListener('abort', abort, { once: true });
  if (o.stdin) {
    o.stdin.once('error', (err) => socket.destroy(err));
    o.stdin.pipe(socket);
  }
  socket.once('error', (err) => stdout.destroy(err));
  socket.pipe(stdout);
  const ended = new Promise<void>((resolve, reject) => {
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
  const done = ended
    .then(async () => {
      // The stream can end a moment before the engine records the exit code.
      for (let i = 0; i < 50; i++) {
        const info = await exec.inspect();
        if (!info.Running && info.ExitCode !== null) return { exitCode: info.ExitCode, stderr: stderr.text() };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`${o.cmd[0]} did not exit after its output ended`);
    })
    .finally(() => o.signal?.removeEventListener('abort', abort));
  done.catch(() => undefined);
  return { stdout, done };
}

/** Runs a short command and collects its output (a version check, `redis-cli INFO`). */
export async function execText(
  docker: Docker,
  containerId: string,
  o: Omit<ExecOptions, 'stdin'> & { input?: string },
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const run = await execStream(docker, containerId, {
    ...o,
    ...(o.input !== undefined ? { stdin: Readable.from([Buffer.from(o.input)]) } : {}),
  });
  const chunks: Buffer[] = [];
  run.stdout.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    run.stdout.once('end', resolve);
    run.stdout.once('error', reject);
  });
  const [result] = await Promise.all([run.done, finished]);
  return { exitCode: result.exitCode, stdout: Buffer.concat(chunks).toString('utf8'), stderr: result.stderr };
}
