import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IMAGE, testEngine } from '../../test-support/engine';
import { NetnsPair } from '../../test-support/netns-pair';
import { PrivateEngine } from '../../test-support/private-engine';
import { SwarmEngine } from '../../test-support/swarm-engine';
import { StackService } from '../stack';
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
`;

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
  },
);
