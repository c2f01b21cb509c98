import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { discoverEngine, dockerOptions } from '../src-main/engine';
import { StackService } from '../src-main/stack';
import { parse } from 'yaml';
import { median, spread, type BenchReport } from './bench-kit';

const IMAGE = process.env.SUTAZAI_TEST_IMAGE ?? 'sutazai-test/busybox:latest';
const ROUNDS = Number(process.env.SUTAZAI_BENCH_ROUNDS ?? 3);

/**
 * Ten services in three levels of `service_healthy` dependencies, with the seeds' 30 s
 * healthcheck interval. Each service needs half a second before it answers.
 */
function template(): string {
  const svc = (name: string, deps: string[]) => `
  ${name}:
    image: ${IMAGE}
    command: ["sh", "-c", "sleep 0.5; mkdir -p /w; echo ok > /w/index.html; exec httpd -f -p 8080 -h /w"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/"]
      interval: 30s
      timeout: 5s
      retries: 3
    profiles: [bench]${deps.length ? `\n    depends_on:${deps.map((d) => `\n      ${d}:\n        condition: service_healthy`).join('')}` : ''}`;
  const services = [
    svc('s0', []),
    svc('s1', ['s0']),
    svc('s2', ['s0']),
    svc('s3', ['s0']),
    svc('s4', ['s1']),
    svc('s5', ['s1', 's2']),
    svc('s6', ['s2']),
    svc('s7', ['s3']),
    svc('s8', ['s4', 's5']),
    svc('s9', ['s6', 's7']),
  ];
  return `services:${services.join('')}\n`;
}

async function allHealthy(docker: Docker, project: string): Promise<boolean> {
  const list = await docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
  });
  return list.length === 10 && list.every((c) => /\(healthy\)/.test(c.Status));
}

/**
 * The template's own critical path: along the longest chain of `depends_on`, each service's sleep
 * before it answers plus one container start. Nothing can be ready sooner than that.
 */
export function criticalPath(yamlText: string, startMs: number): { ms: number; chain: string[] } {
  const doc = parse(yamlText) as {
    services: Record<string, { command: string[]; depends_on?: Record<string, unknown> }>;
  };
  const memo = new Map<string, { ms: number; chain: string[] }>();
  const own = (name: string): number => {
    const m = /sleep ([\d.]+)/.exec(doc.services[name]!.command.join(' '));
    return (m ? Number(m[1]) * 1000 : 0) + startMs;
  };
  const longest = (name: string): { ms: number; chain: string[] } => {
    const known = memo.get(name);
    if (known) return known;
    const before = Object.keys(doc.services[name]!.depends_on ?? {})
      .map(longest)
      .reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, chain: [] as string[] });
    const path = { ms: before.ms + own(name), chain: [...before.chain, name] };
    memo.set(name, path);
    return path;
  };
  return Object.keys(doc.services)
    .map(longest)
    .reduce((a, b) => (b.ms > a.ms ? b : a));
}

/** One healthcheck run through the engine's exec API, as the readiness probe runs it: create, start, wait, inspect. */
async function execRoundTripMs(container: Docker.Container): Promise<number> {
  const t0 = performance.now();
  const exec = await container.exec({
    Cmd: ['/bin/sh', '-c', 'wget -q -O /dev/null http://127.0.0.1:8080/'],
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  await new Promise<void>((res) => {
    stream.on('data', () => undefined);
    stream.once('end', res);
    stream.once('close', res);
  });
  await exec.inspect();
  return performance.now() - t0;
}

/**
 * Times for the engine to create and start one container of the bench image (the template's
 * command, no sleep), and for one healthcheck exec in it once it answers.
 */
async function containerStartMs(docker: Docker, rounds: number, execs: number[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const c = await docker.createContainer({
      name: `sutazai-bench-start-${process.pid}-${i}`,
      Image: IMAGE,
      Cmd: ['sh', '-c', 'mkdir -p /w; echo ok > /w/index.html; exec httpd -f -p 8080 -h /w'],
      Labels: { 'ai.sutazai.test': `bench-start-${process.pid}` },
    });
    try {
      await c.start();
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 300));
      execs.push(await execRoundTripMs(c));
    } finally {
      await c.remove({ force: true });
    }
  }
  return times;
}

/**
 * The same create + start for three containers at once, as the template's widest level starts
 * them: what one start costs when its siblings share the engine.
 */
async function concurrentStartMs(docker: Docker, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const made: Docker.Container[] = [];
    try {
      const each = await Promise.all(
        [0, 1, 2].map(async (k) => {
          const t0 = performance.now();
          const c = await docker.createContainer({
            name: `sutazai-bench-start3-${process.pid}-${i}-${k}`,
            Image: IMAGE,
            Cmd: ['sh', '-c', 'mkdir -p /w; echo ok > /w/index.html; exec httpd -f -p 8080 -h /w'],
            Labels: { 'ai.sutazai.test': `bench-start-${process.pid}` },
          });
          made.push(c);
          await c.start();
          return performance.now() - t0;
        }),
      );
      times.push(...each);
    } finally {
      await Promise.all(made.map((c) => c.remove({ force: true })));
    }
  }
  return times;
}

function removeProject(project: string): void {
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], {
    encoding: 'utf8',
  }).trim();
  if (ids) execFileSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
  spawnSync('docker', ['network', 'rm', `${project}_default`], { stdio: 'ignore' });
}

export default async function bench(): Promise<BenchReport> {
  const docker = new Docker(dockerOptions(discoverEngine()));
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-bench-stack-'));
  const home = mkdtempSync(join(tmpdir(), 'sutazai-bench-home-'));
  const file = join(dir, 'stack.yml');
  writeFileSync(file, template());
  const ours = `sutazai-bench-ours-${process.pid}`;
  const peer = `sutazai-bench-compose-${process.pid}`;
  try {
    const execTimes: number[] = [];
    const startTimes = await containerStartMs(docker, 5, execTimes);
    const floor = criticalPath(template(), median(startTimes));
    const concurrentTimes = await concurrentStartMs(docker, 3);
    const contended = criticalPath(template(), median(concurrentTimes));
    const oursRounds: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const project = `${ours}-${i}`;
      try {
        const stack = new StackService({ docker, home, templatesDir: dir, project });
        const t0 = Date.now();
        const report = await stack.up('bench', true);
        oursRounds.push(Date.now() - t0);
        if (!report.ok) throw new Error(`our up failed: ${report.error}`);
      } finally {
        removeProject(project);
      }
    }
    const oursMs = median(oursRounds);

    const t1 = Date.now();
    const r = spawnSync('docker-compose', ['-p', peer, '-f', file, '--profile', 'bench', 'up', '-d'], {
      encoding: 'utf8',
      timeout: 600_000,
    });
    if (r.status !== 0) throw new Error(`docker-compose up failed: ${r.stderr}`);
    while (!(await allHealthy(docker, peer))) {
      if (Date.now() - t1 > 600_000) throw new Error('docker-compose stack not healthy within 10 minutes');
      await new Promise((res) => setTimeout(res, 100));
    }
    const peerMs = Date.now() - t1;
    const ratio = oursMs / peerMs;
    return {
      title: 'Stack up: 10 services, 3 levels of service_healthy, healthcheck interval 30 s',
      rows: [
        {
          name: 'sutazai up --wait',
          value: oursMs / 1000,
          unit: 's',
          note: spread(oursRounds.map((x) => x / 1000)),
        },
        {
          name: 'one container create + start',
          value: median(startTimes),
          unit: 'ms',
          note: spread(startTimes, 0),
        },
        {
          name: 'one of three created + started at once',
          value: median(concurrentTimes),
          unit: 'ms',
          note: `${spread(concurrentTimes, 0)}; the critical path with this start: ${(contended.ms / 1000).toFixed(2)} s`,
        },
        {
          name: 'one healthcheck exec round trip',
          value: median(execTimes),
          unit: 'ms',
          note: `${spread(execTimes, 0)}; the readiness probe pays this plus part of its pause (50 ms, then longer) per level`,
        },
        {
          name: 'docker-compose up -d + healthy',
          value: peerMs / 1000,
          unit: 's',
          note: 'Docker 1.29.2 waits for Docker health',
        },
      ],
      ratios: [{ name: 'ours / docker-compose', value: ratio, target: '≤ 0.25', met: ratio <= 0.25 }],
      floors: [
        {
          name: 'up to all ready',
          unit: 's',
          measured: oursMs / 1000,
          peer: peerMs / 1000,
          floor: floor.ms / 1000,
          floorNote: `critical path ${floor.chain.join(' -> ')}: each 0.5 s sleep + one measured container start`,
          target: '<= 1.1x floor',
          met: oursMs <= 1.1 * floor.ms,
        },
      ],
    };
  } finally {
    removeProject(peer);
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
}
