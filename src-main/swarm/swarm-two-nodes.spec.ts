import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IMAGE, testEngine } from '../../test-support/engine';
import { NetnsPair } from '../../test-support/netns-pair';
import { PrivateEngine } from '../../test-support/private-engine';
import { SwarmEngine } from '../../test-support/swarm-engine';
import { EventLog } from '../events';
import { openDatabase } from '../store';
import { StackService } from '../stack';
import { SwarmWatch } from './swarm-watch';
import { SwarmService } from './swarm-service';

const engine = await testEngine();
const blocker = engine.available ? PrivateEngine.available() : 'no engine';

/**
 * `gpu` runs only on a node labelled gpu=true; `client` runs on the manager and is healthy only once
 * it fetched gpu's page over TCP across the overlay network (busybox nc; the static busybox's wget crashes).
 */
const TEMPLATE = `
services:
  gpu:
    image: ${TEST_IMAGE}
    profiles: [spread]
    command: ["sh", "-c", "mkdir -p /www && echo served-by-gpu > /www/index.html && echo gpu-up && exec httpd -f -p 8080 -h /www"]
    labels:
      ai.sutazai.placement: node.labels.gpu == true
  client:
    image: ${TEST_IMAGE}
    profiles: [spread]
    command: ["sh", "-c", "exec sleep 3600"]
    healthcheck:
      test: ["CMD-SHELL", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 tasks.gpu 8080 | grep -q served-by-gpu"]
      interval: 1s
      timeout: 3s
      retries: 60
    depends_on:
      gpu: { condition: service_started }
    labels:
      ai.sutazai.placement: node.role == manager
  heavy:
    image: ${TEST_IMAGE}
    profiles: [guarded]
    command: ["sh", "-c", "exec sleep 3600"]
    mem_limit: 64m
    stop_grace_period: 1s
    labels:
      ai.sutazai.tier: optional
      ai.sutazai.placement: node.labels.gpu == true
  vital:
    image: ${TEST_IMAGE}
    profiles: [guarded]
    command: ["sh", "-c", "exec sleep 3600"]
    mem_limit: 256m
    labels:
      ai.sutazai.tier: critical
      ai.sutazai.placement: node.labels.gpu == true
  roamer:
    image: ${TEST_IMAGE}
    profiles: [guarded]
    command: ["sh", "-c", "exec sleep 3600"]
    restart: unless-stopped
    stop_grace_period: 1s
    labels:
      ai.sutazai.tier: core
`;

/** What a test waits for, polled until it is true or the time is up. */
async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface NodeInfo {
  ID: string;
  Version: { Index: number };
  Spec: Record<string, unknown>;
  Status: { Addr: string; State: string };
}

describe.skipIf(blocker !== undefined)(
  'a two-node swarm: two private engines in namespaces joined by a veth pair',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'sutazai-swarm2-'));
    const templates = join(dir, 'templates');
    const stackName = `spread${process.pid}`;
    const pair = new NetnsPair(`sw${process.pid % 100000}`);
    const manager = new SwarmEngine('203.0.113.1', 'sutazai-swarm-a', {
      netns: pair.names[0],
      swarmAddress: pair.addresses[0],
    });
    const worker = new SwarmEngine('203.0.113.1', 'sutazai-swarm-b', {
      netns: pair.names[1],
      swarmAddress: pair.addresses[1],
    });
    let stack: StackService;

    beforeAll(async () => {
      pair.create();
      await Promise.all([manager.start(), worker.start()]);
      await manager.initSwarm();
      await worker.joinSwarm(manager);
      mkdirSync(templates, { recursive: true });
      writeFileSync(join(templates, 'core.yml'), TEMPLATE);
      stack = new StackService({
        docker: manager.docker,
        home: join(dir, 'home'),
        templatesDir: templates,
        project: stackName,
      });
    }, 180_000);

    afterAll(async () => {
      stack?.dispose();
      await worker.destroy();
      await manager.destroy();
      pair.destroy();
      rmSync(dir, { recursive: true, force: true });
    }, 180_000);

    it('places a service on the labelled node, and the other node reaches it over the overlay network', async () => {
      const nodes = (await manager.docker.listNodes()) as NodeInfo[];
      expect(nodes.map((n) => [n.Status.Addr, n.Status.State]).sort()).toEqual([
        [pair.addresses[0], 'ready'],
        [pair.addresses[1], 'ready'],
      ]);
      const second = nodes.find((n) => n.Status.Addr === pair.addresses[1])!;
      const first = nodes.find((n) => n.Status.Addr === pair.addresses[0])!;
      await manager.docker.getNode(second.ID).update({
        _query: { version: second.Version.Index },
        _body: { ...second.Spec, Labels: { gpu: 'true' } },
      });

      const report = await new SwarmService({ docker: manager.docker, stack }).deploy('spread', 150_000);
      expect(report.created.sort()).toEqual(['client', 'gpu']);

      const status = await new SwarmService({ docker: manager.docker, stack }).ps();
      const running = status.tasks.filter((t) => t.state === 'running');
      expect(running.map((t) => [t.service, t.nodeId]).sort()).toEqual([
        ['client', first.ID],
        ['gpu', second.ID],
      ]);
      // The gpu task's container is on the second engine, none of the stack's on the first but the client.
      const on = async (e: SwarmEngine) =>
        (
          await e.docker.listContainers({
            filters: JSON.stringify({ label: [`com.docker.stack.namespace=${stackName}`] }),
          })
        )
          .map((c) => c.Labels['com.docker.swarm.service.name'])
          .sort();
      expect(await on(worker)).toEqual([`${stackName}_gpu`]);
      expect(await on(manager)).toEqual([`${stackName}_client`]);

      const logs = await new SwarmService({ docker: manager.docker, stack }).logs('gpu', 20);
      expect(Array.isArray(logs.lines)).toBe(true);

      const removed = await new SwarmService({ docker: manager.docker, stack }).rm(undefined, { secrets: true });
      expect(removed.services).toEqual(['client', 'gpu']);
    }, 240_000);
    it('reads each node from a global probe service, scales an optional service to zero on a node over its budget, and moves tasks off a drained node', async () => {
      const db = openDatabase(':memory:');
      const events = new EventLog(db);
      const watch = new SwarmWatch({
        docker: manager.docker,
        stack: stackName,
        events,
        defaultTier: () => 'core',
        image: TEST_IMAGE,
        everySeconds: 1,
        settleMs: 1000,
        // Core services are never shed here: the figures are the whole host's, shared by both nodes.
        thresholds: { warn: 0.8, shedOptional: 0.9, shedCore: Number.POSITIVE_INFINITY, hysteresis: 0.05 },
      });
      const swarm = new SwarmService({ docker: manager.docker, stack, watch });
      try {
        const report = await swarm.deploy('guarded', 150_000);
        expect(report.created.sort()).toEqual(['heavy', 'roamer', 'vital']);
        // Without a restart policy a task is not moved off a drained or failed node.
        expect(report.warnings).toContain(
          "heavy: restart 'no': the swarm does not start its task again elsewhere when its node is drained or lost",
        );
        const nodes = (await manager.docker.listNodes()) as NodeInfo[];
        const workerId = nodes.find((n) => n.Status.Addr === pair.addresses[1])!.ID;
        const managerId = nodes.find((n) => n.Status.Addr === pair.addresses[0])!.ID;

        // Both nodes' figures arrive through the one service's logs; the kernel is this machine's.
        const hostTotal = Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
        const seen = await until('figures from both nodes', async () => {
          const r = await swarm.nodes();
          return r.nodes.length === 2 && r.nodes.every((n) => n.figures) && r.probe.running === 2 && r;
        });
        expect(seen.probe).toEqual({ service: `${stackName}_host-probe`, running: 2, nodes: 2 });
        for (const n of seen.nodes) {
          expect(n.figures!.totalBytes).toBe(hostTotal);
          expect(n.figures!.availableBytes).toBeGreaterThan(0);
          expect(n.budgetSource).toBe('node');
          expect(n.level).toBeDefined();
        }
        // heavy and vital are placed on the worker; roamer goes wherever the swarm puts it. The node's
        // count is of the stack's own tasks (not the probe's), as `swarm ps` lists them there.
        await until('the worker counting the stack tasks it runs', async () => {
          const [status, ps] = await Promise.all([swarm.nodes(), swarm.ps()]);
          const onWorker = ps.tasks
            .filter((t) => t.nodeId === workerId && t.state === 'running' && t.service !== 'host-probe')
            .map((t) => t.service);
          return (
            ['heavy', 'vital'].every((x) => onWorker.includes(x)) &&
            status.nodes.find((n) => n.id === workerId)!.tasks === onWorker.length
          );
        });

        // A budget below what the worker's machine has in use: the guard scales the optional service there to zero.
        const used = seen.nodes[0]!.figures!.totalBytes - seen.nodes[0]!.figures!.availableBytes;
        const budget = `${Math.floor(used / 2 / 1024 / 1024)}MiB`;
        await expect(swarm.node(workerId, { memoryBudget: 'lots' })).rejects.toThrow(/memoryBudget: 'lots'/);
        const labelled = await swarm.node(workerId, { memoryBudget: budget });
        expect(labelled.labels['ai.sutazai.memory-budget']).toBe(budget);
        const shed = await until('heavy scaled to zero', async () => {
          const r = await swarm.nodes();
          return r.shed.length > 0 && r;
        });
        expect(shed.shed).toEqual([
          { service: 'heavy', node: expect.any(String), replicas: 1, at: expect.any(Number) },
        ]);
        const stop = events.list({ kinds: ['guard-stop'] });
        expect(stop.map((e) => [e.service, e.data?.nodeId])).toEqual([['heavy', workerId]]);
        expect(shed.nodes.find((n) => n.id === workerId)).toMatchObject({
          budgetSource: 'label',
          level: 'shed-optional',
        });
        // The critical service stays, though the node is still over its budget; the manager's budget is its memory.
        const after = await until('heavy stopped', async () => {
          const s = await swarm.ps();
          return s.services.find((x) => x.service === 'heavy')?.running === 0 && s;
        });
        await new Promise((r) => setTimeout(r, 3000));
        const running = (svc: string) => after.services.find((x) => x.service === svc)!;
        expect(running('heavy')).toMatchObject({ replicas: 0, running: 0 });
        expect(running('vital')).toMatchObject({ replicas: 1, running: 1 });
        expect((await swarm.ps()).services.find((x) => x.service === 'vital')).toMatchObject({ running: 1 });
        expect(events.list({ kinds: ['guard-stop'] })).toHaveLength(1);

        // The budget cleared, Start again brings the service back on its node.
        await swarm.node(workerId, { memoryBudget: null });
        expect(await swarm.startAgain('heavy')).toMatchObject({ service: 'heavy', replicas: 1 });
        await until('heavy running again', async () => {
          const s = await swarm.ps();
          return s.tasks.some((t) => t.service === 'heavy' && t.state === 'running' && t.nodeId === workerId);
        });
        expect((await swarm.nodes()).shed).toEqual([]);
        await expect(swarm.startAgain('heavy')).rejects.toThrow(/not scaled down by the guard/);

        // A drained node's tasks move to the other node; activated, it takes tasks again.
        const roamerNode = async () =>
          (await swarm.ps()).tasks.find((t) => t.service === 'roamer' && t.state === 'running')?.nodeId;
        const from = await until('roamer running', roamerNode);
        const to = from === workerId ? managerId : workerId;
        const drained = await swarm.node(from, { availability: 'drain' });
        expect(drained.availability).toBe('drain');
        await until('roamer moved to the other node', async () => (await roamerNode()) === to, 90_000);
        expect((await swarm.node(from, { availability: 'active' })).availability).toBe('active');

        const removed = await swarm.rm(undefined, { secrets: true });
        expect(removed.services.sort()).toEqual(['heavy', 'host-probe', 'roamer', 'vital']);
        expect(watch.started).toBe(false);
      } finally {
        watch.dispose();
        db.close();
      }
    }, 360_000);
  },
);
