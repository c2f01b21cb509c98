import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ERROR_CODES, type ServerMessage } from '../src-shared/api';
import { rawExchange, type RawAnswer } from '../test-support/raw-http';
import { startAppServer, type AppServer } from './support/app-server';
import { TEST_IMAGE } from './support/engine';
import { expectedAnswer, wsProbe, type WsProbe } from './support/fuzz-messages';
import { httpProbe, type HttpProbe } from './support/fuzz-requests';

// A bounded fuzz of the real `sutazai serve`: generated WebSocket messages and raw HTTP requests,
// each of which must get a typed error (or a closed socket), with the process alive and its memory
// back near where it started. The server gets its own home, templates and project, and no message
// that names a procedure carries input the contract accepts, except a few calls that only read.
const WS_RUNS = 2500;
const HTTP_RUNS = 1500;
const WARM_UP_SHARE = 0.2;

const rssKiB = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
const isTyped = (e: unknown): boolean =>
  typeof e === 'object' &&
  e !== null &&
  (ERROR_CODES as readonly unknown[]).includes((e as { code?: unknown }).code) &&
  typeof (e as { message?: unknown }).message === 'string';

test.describe('fuzzing sutazai serve', () => {
  const project = `sutazai-fuzz-${process.pid}`;
  let app: AppServer;
  let templates: string;
  let port: number;

  test.beforeAll(async () => {
    templates = mkdtempSync(join(tmpdir(), 'sutazai-fuzz-templates-'));
    writeFileSync(
      join(templates, 'stack.yml'),
      `services:\n  idle:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "3600"]\n    profiles: [fuzz]\n`,
    );
    app = await startAppServer({ args: ['--templates', templates, '--project', project] });
    port = Number(new URL(app.url).port);
  });

  test.afterAll(async () => {
    await app?.stop();
    rmSync(templates, { recursive: true, force: true });
    // Nothing may have been created; if something was, remove only what carries this run's project.
    try {
      const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], {
        encoding: 'utf8',
      }).trim();
      if (ids) execFileSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
    } catch {
      // no engine: nothing to remove
    }
  });

  test('every message and request gets a typed answer, the server lives, and its memory comes back', async () => {
    test.setTimeout(180_000);
    const started = Date.now();
    let socket = await openSocket();
    const closes = { expected: 0 };
    const statuses = new Map<number, number>();
    let requestCount = 0;

    // Plain checks inside the loops: each Playwright expect is a traced step, too slow by the thousand.
    const fuzzMessages = (numRuns: number): Promise<void> =>
      checkProperty(
        fc.asyncProperty(wsProbe, async (probe) => {
          if (socket.readyState !== WebSocket.OPEN) socket = await openSocket();
          const answer = await exchange(socket, probe);
          const problem = wrongAnswer(answer, probe);
          if (problem) throw new Error(`${problem}${serverState()}\n${describe(probe)}`);
          if (answer === 'closed') closes.expected++;
        }),
        { numRuns, endOnFailure: true },
      );
    const fuzzRequests = (numRuns: number): Promise<void> =>
      checkProperty(
        fc.asyncProperty(httpProbe({ port, token: app.token }), async (probe) => {
          // Each request from another loopback address, so that wrong tokens reach the limit now and then, not always.
          const answer = await rawExchange(port, probe.text, {
            localAddress: `127.0.1.${(requestCount++ % 250) + 1}`,
            waitMs: 5000,
            untilAnswer: true,
          });
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const problem = problemWith(answer, probe);
          if (problem)
            throw new Error(
              `${problem}${serverState()}\n${probe.text.slice(0, 300)}\n--- answered ---\n${answer.text.slice(0, 300)}`,
            );
        }),
        { numRuns, endOnFailure: true },
      );

    const rssIdle = rssKiB(app.pid);
    // The server's starting memory is taken once it has served a first share of the same traffic
    // (code loaded, the collector's heap sized for it); the rest must not grow it by half again.
    await fuzzMessages(WARM_UP_SHARE * WS_RUNS);
    await fuzzRequests(WARM_UP_SHARE * HTTP_RUNS);
    const rssBefore = rssKiB(app.pid);

    // Requests whose headers or body never finish, left open while everything else runs.
    const unfinished = [
      rawExchange(port, `GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`, { waitMs: 25_000 }),
      rawExchange(
        port,
        `POST /api/v1/chat HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${app.token}\r\nContent-Length: 1000\r\n\r\n{"model":`,
        { waitMs: 25_000 },
      ),
      rawExchange(
        port,
        `POST /api/v1/chat HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${app.token}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n`,
        { waitMs: 25_000 },
      ),
    ];
    await fuzzMessages((1 - WARM_UP_SHARE) * WS_RUNS);
    socket.close();
    expect(app.alive()).toBe(true);
    await fuzzRequests((1 - WARM_UP_SHARE) * HTTP_RUNS);
    expect(app.alive()).toBe(true);
    const fuzzSeconds = (Date.now() - started) / 1000;

    for (const u of await Promise.all(unfinished)) {
      expect(u.closed).toBe(true);
      expect(u.status).toBe(408);
      expect(isTyped((u.body as { error?: unknown } | undefined)?.error)).toBe(true);
    }

    const rssAfter = rssKiB(app.pid);
    const health = await fetch(`${app.origin}/health`);
    expect(health.status).toBe(200);
    expect(app.alive()).toBe(true);
    const summary = `${WS_RUNS} messages (${closes.expected} over the size limit), ${HTTP_RUNS} requests (${[
      ...statuses,
    ]
      .sort((a, b) => a[0] - b[0])
      .map(([s, c]) => `${s || 'closed'}: ${c}`)
      .join(
        ', ',
      )}) in ${fuzzSeconds.toFixed(1)} s, then 3 unfinished requests answered 408; RSS ${Math.round(rssIdle / 1024)} MiB idle, ${Math.round(rssBefore / 1024)} MiB after the first ${WARM_UP_SHARE * 100} %, ${Math.round(rssAfter / 1024)} MiB at the end`;
    console.log(summary);
    test.info().annotations.push({ type: 'fuzz', description: summary });
    expect(rssAfter).toBeLessThanOrEqual(rssBefore * 1.5);
  });

  function serverState(): string {
    return app.alive() ? '' : ` (the server exited:\n${app.output().slice(-1500)})`;
  }

  function openSocket(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${app.token}`, { maxPayload: 64 * 1024 * 1024 });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  }

  /** Sends one probe and waits for the one answer it gets, or for the socket to close. */
  function exchange(ws: WebSocket, probe: WsProbe): Promise<ServerMessage | 'closed'> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no answer within 10 s to ${describe(probe)}`)), 10_000);
      const onMessage = (data: WebSocket.RawData): void =>
        done(undefined, JSON.parse(data.toString()) as ServerMessage);
      const onClose = (): void => done(undefined, 'closed');
      function done(err: Error | undefined, value?: ServerMessage | 'closed'): void {
        clearTimeout(timer);
        ws.off('message', onMessage);
        ws.off('close', onClose);
        if (err) reject(err);
        else resolve(value!);
      }
      ws.on('message', onMessage);
      ws.on('close', onClose);
      if ('binary' in probe) ws.send(probe.binary, { binary: true });
      else ws.send(probe.text);
    });
  }
});

/**
 * fc.assert, with a report short enough to read: a failing probe can be a megabyte long. The seed
 * and path in the message replay the run (`fc.assert(prop, { seed, path })`).
 */
async function checkProperty<T>(property: fc.IAsyncProperty<T>, params: fc.Parameters<T>): Promise<void> {
  const run = await fc.check(property, params);
  if (!run.failed) return;
  const cause = run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance);
  throw new Error(
    `property failed after ${run.numRuns} runs (seed ${run.seed}, path ${run.counterexamplePath}):\n${cause.slice(0, 3000)}`,
  );
}

function describe(probe: WsProbe): string {
  return 'binary' in probe
    ? `binary frame of ${probe.binary.length} bytes`
    : `message ${probe.text.slice(0, 200)}${probe.text.length > 200 ? `… (${probe.text.length} chars)` : ''}`;
}

/** How a WebSocket answer differs from what the protocol says, or undefined when it does not. */
function wrongAnswer(answer: ServerMessage | 'closed', probe: WsProbe): string | undefined {
  const expected = expectedAnswer(probe);
  if (expected.kind === 'close')
    return answer === 'closed' ? undefined : 'a frame over the size limit did not close the socket';
  if (answer === 'closed') return 'the socket closed';
  if (answer.type !== expected.kind || answer.id !== expected.id)
    return `answered ${answer.type} ${answer.id}, expected ${expected.kind} ${expected.id}`;
  const expectOk = 'text' in probe && probe.expectOk;
  if (answer.type === 'result' && answer.result.ok) return expectOk ? undefined : 'a call that should fail succeeded';
  if (expectOk) return `a read-only call failed: ${JSON.stringify(answer).slice(0, 300)}`;
  const error =
    answer.type === 'result' && !answer.result.ok
      ? answer.result.error
      : answer.type === 'end'
        ? answer.error
        : undefined;
  return isTyped(error) ? undefined : `not a typed error: ${JSON.stringify(answer).slice(0, 300)}`;
}

/** Why an answer is not a typed answer or a closed socket, or undefined when it is. */
function problemWith(a: RawAnswer, probe: HttpProbe): string | undefined {
  if (a.status === 0) return a.closed ? undefined : 'no answer, and the socket stayed open';
  if (a.status < 400 || probe.method === 'HEAD') return undefined;
  if (a.status === 401 && /^text\/plain/.test(a.headers['content-type'] ?? '')) return undefined; // the page that tells a browser to use the printed address
  const error = (a.body as { error?: unknown } | undefined)?.error;
  return isTyped(error) ? undefined : `status ${a.status} without a typed error body`;
}
