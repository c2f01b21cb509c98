import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogBatch } from '../../src-shared/api/features/logs';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { LogService, type FollowRequest } from './log-service';

const engine = await testEngine();
const ESC = String.fromCharCode(27);
const stripAnsi = (t: string) => t.replace(new RegExp(`${ESC}\\[\\d+m`, 'g'), '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!engine.available)('LogService on the real engine', () => {
  const run = testName('logs');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const docker = engine.docker;
  const logs = new LogService({ docker, project, batch: { intervalMs: 20 } });

  const start = async (service: string, cmd: string[], tty = false): Promise<void> => {
    const c = await docker.createContainer({
      name: `${project}-${service}`,
      Image: TEST_IMAGE,
      Cmd: cmd,
      Tty: tty,
      StopTimeout: 1,
      Labels: {
        [TEST_LABEL]: run,
        'com.docker.compose.project': project,
        'com.docker.compose.service': service,
        'com.docker.compose.oneoff': 'False',
      },
      HostConfig: { LogConfig: { Type: 'json-file', Config: { 'max-size': '5m', 'max-file': '2' } } },
    });
    await c.start();
  };

  /** Follows until `until` holds for the text so far (or the stream says done), then stops. */
  const collect = async (
    req: Partial<FollowRequest> & { services: string[] },
    until: (text: string) => boolean = () => false,
    timeoutMs = 5000,
  ) => {
    const batches: LogBatch[] = [];
    const stop = logs.follow({ timestamps: false, follow: false, ...req }, (b) => batches.push(b), 'test');
    const text = () => batches.map((b) => b.data).join('');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !until(text()) && !batches.at(-1)?.done) await sleep(20);
    stop();
    return { text: text(), batches };
  };

  beforeAll(async () => {
    await start('alpha', [
      'sh',
      '-c',
      'echo "alpha one"; echo "alpha grüße €" ; echo "alpha oops" >&2; exec sleep 300',
    ]);
    await start('beta', ['sh', '-c', 'echo "beta on a tty"; exec sleep 300'], true);
    await start('counter', [
      'sh',
      '-c',
      'i=1; while [ $i -le 50 ]; do echo "count $i"; i=$((i+1)); done; echo early; sleep 2; echo late; exec sleep 300',
    ]);
    await sleep(2800);
  });

  afterAll(async () => {
    logs.dispose();
    await cleanupTestObjects(docker, run);
  });

  it('lists the services that have a container, with their state', async () => {
    const services = await logs.services();
    expect(services.map((s) => [s.service, s.state])).toEqual([
      ['alpha', 'running'],
      ['beta', 'running'],
      ['counter', 'running'],
    ]);
    expect(services[0]!.containerName).toBe(`${project}-alpha`);
    expect(services.every((s) => s.project === project)).toBe(true);
  });

  it('merges several services with their prefixes, stdout and stderr, a TTY log, characters whole', async () => {
    const { text, batches } = await collect({ services: ['alpha', 'beta'] });
    const plain = stripAnsi(text);
    expect(plain).toContain('alpha | alpha one\r\n');
    expect(plain).toContain('alpha | alpha grüße €\r\n');
    expect(plain).toContain('alpha | alpha oops\r\n');
    expect(plain).toContain('beta  | beta on a tty\r\n');
    expect(text).toContain(`${ESC}[`);
    expect(stripAnsi(text)).not.toContain(ESC);
    expect(text).toMatch(new RegExp(`${ESC}\\[\\d+malpha \\| ${ESC}\\[0m`));
    expect(batches.at(-1)?.done).toBe(true);
  });

  it('starts from the last N lines with tail, and from a time with since', async () => {
    const tail = await collect({ services: ['counter'], tail: 3 });
    expect(stripAnsi(tail.text).trim().split('\r\n')).toEqual([
      'counter | count 50',
      'counter | early',
      'counter | late',
    ]);

    const stamped = await collect({ services: ['counter'], tail: 1, timestamps: true });
    const lateAt = Date.parse(/counter \| \S*?(\d{4}-\d\d-\d\dT[\d:.]+Z) late/.exec(stripAnsi(stamped.text))![1]!);
    const since = await collect({ services: ['counter'], since: Math.floor(lateAt / 1000) });
    expect(since.text).toContain('late');
    expect(since.text).not.toContain('early');
  });

  it('follows: a line printed after the follow started arrives', async () => {
    const mark = `mark-${Math.random().toString(36).slice(2, 8)}`;
    const pending = collect({ services: ['alpha'], follow: true, tail: 0 }, (t) => t.includes(mark));
    await sleep(300);
    const exec = await docker
      .getContainer(`${project}-alpha`)
      .exec({ Cmd: ['sh', '-c', `echo ${mark} > /proc/1/fd/1`] });
    await exec.start({ Detach: true });
    const { text, batches } = await pending;
    expect(text).toContain(`${mark}\r\n`);
    expect(batches.at(-1)?.done).toBeUndefined();
    expect(logs.followCount).toBe(0);
  });

  it('names the services that have a container when asked for one that has none', async () => {
    const { batches } = await collect({ services: ['alpha', 'nope'] });
    expect(batches.at(-1)).toMatchObject({ done: true, error: { code: 'NOT_FOUND' } });
    expect(batches.at(-1)!.error!.message).toBe(
      `No container for service 'nope' in project '${project}'; services with a container: alpha, beta, counter`,
    );
  });

  it('holds a container printing as fast as it can at the high watermark until the consumer acks', async () => {
    await start('flood', ['yes', 'flood line: the quick brown fox jumps over the lazy dog']);
    const small = new LogService({
      docker,
      project,
      watermarks: { high: 200_000, low: 50_000 },
      batch: { intervalMs: 20 },
    });
    const batches: LogBatch[] = [];
    const stop = small.follow(
      { services: ['flood'], timestamps: false, follow: true, tail: 0 },
      (b) => batches.push(b),
      'peer',
    );
    const sent = () => batches.reduce((n, b) => n + b.bytes, 0);
    for (let i = 0; i < 100 && sent() < 200_000; i++) await sleep(50);
    await sleep(300);
    const held = sent();
    expect(held).toBeGreaterThan(200_000);
    // Bounded: the high watermark plus at most one batch and what was already read.
    expect(held).toBeLessThan(200_000 + 2 * 256 * 1024);
    await sleep(700);
    expect(sent(), 'nothing more is sent while nothing is acked').toBe(held);

    const streamId = batches[0]!.streamId;
    expect(() => small.ack(streamId, 1000, 'someone else')).toThrow(/No log follow/);
    small.ack(streamId, held, 'peer');
    for (let i = 0; i < 40 && sent() === held; i++) await sleep(25);
    expect(sent(), 'reading resumes after the ack').toBeGreaterThan(held);
    stop();
    expect(small.followCount).toBe(0);
    await docker.getContainer(`${project}-flood`).remove({ force: true });
  });

  it('downloads the merged log in time order, without colours', async () => {
    const file = await logs.download({ services: ['counter', 'alpha'], timestamps: false });
    expect(file.filename.startsWith(`${project}-2-services-`)).toBe(true);
    expect(file.filename.slice(project.length + 1)).toMatch(/^2-services-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.log$/);
    expect(file.truncated).toBe(false);
    expect(file.text).not.toContain('\u001b[');
    const lines = file.text.trimEnd().split('\n');
    expect(lines).toContain('alpha   | alpha grüße €');
    expect(lines.indexOf('counter | count 1')).toBeLessThan(lines.indexOf('counter | count 2'));
    expect(lines.filter((l) => l.startsWith('counter')).at(-1)).toBe('counter | late');
    expect(lines.indexOf('alpha   | alpha one')).toBeLessThan(lines.indexOf('counter | late'));
    const stamped = await logs.download({ services: ['alpha'], timestamps: true });
    // stdout and stderr are stamped by separate copiers in the engine, so only the format is checked.
    expect(stamped.text.split('\n').find((l) => l.endsWith('alpha one'))).toMatch(
      /^alpha \| \d{4}-\d\d-\d\dT[\d:.]+Z alpha one$/,
    );
  });
});
