import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../stack';
import { swarmWarnings } from './swarm-deploy';
import { serviceSecrets } from './swarm-secrets';
import { swarmServiceSpec } from './swarm-service-spec';

const dir = mkdtempSync(join(tmpdir(), 'sutazai-swarm-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function model(yaml: string) {
  const folder = mkdtempSync(join(dir, 'p-'));
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'compose.yml'), yaml);
  writeFileSync(join(folder, 'api_key.txt'), 'from-a-file');
  return loadProject({ files: [join(folder, 'compose.yml')], projectDir: folder, projectName: 'demo', env: {} });
}

describe('a compose service as a swarm service', () => {
  const m = model(`
services:
  ollama:
    image: ollama/ollama:0.5.7
    command: ["serve"]
    environment: { OLLAMA_KEEP_ALIVE: 5m, TOKEN: abc123456789 }
    ports: ["127.0.0.1:11434:11434", "8080:80"]
    volumes: ["models:/root/.ollama", "./cfg:/cfg:ro"]
    secrets: [api_key]
    restart: on-failure
    extra_hosts: ["host.docker.internal:host-gateway"]
    labels:
      ai.sutazai.placement: "node.labels.gpu == true; node.platform.os == linux"
    privileged: true
volumes:
  models: {}
secrets:
  api_key: { file: ./api_key.txt }
`);
  const spec = m.services.ollama!;
  const secrets = serviceSecrets('demo', spec, { SOME_TOKEN: 'abc123456789', UNUSED_KEY: 'zzzzzzzzzzzz' });
  const swarm = swarmServiceSpec('demo', m, spec, secrets, 'net-id');
  const container = (swarm.TaskTemplate as { ContainerSpec: Record<string, unknown> }).ContainerSpec;

  it('takes its placement constraints from the placement label, one per ;', () => {
    expect(swarm.TaskTemplate?.Placement?.Constraints).toEqual([
      'node.labels.gpu == true',
      'node.platform.os == linux',
    ]);
  });

  it('publishes only the ports published on all addresses, and says so for the others', () => {
    expect(swarm.EndpointSpec?.Ports).toEqual([
      { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' },
    ]);
    const warnings = swarmWarnings(spec).join('\n');
    expect(warnings).toMatch(/port 11434 is not published/);
    expect(warnings).toMatch(/bind mounts read the folder of the node/);
    expect(warnings).toMatch(/privileged is not available/);
  });

  it('mounts the compose secret file and the generated secret the environment uses as swarm secrets', () => {
    expect(secrets.map((s) => [s.secretName, s.fileName, s.data])).toEqual([
      ['demo_api_key', 'api_key', 'from-a-file'],
      ['demo_some_token', 'SOME_TOKEN', 'abc123456789'],
    ]);
    expect((container.Mounts as { Target: string }[]).map((x) => x.Target)).toEqual(['/root/.ollama', '/cfg']);
    expect((container.Mounts as { Source: string }[])[0]!.Source).toBe('demo_models');
  });

  it('keeps the command, restart policy and hosts in the swarm forms', () => {
    expect(container.Args).toEqual(['serve']);
    expect(container.Command).toBeUndefined();
    expect(container.Hosts).toEqual(['host-gateway host.docker.internal']);
    expect(swarm.TaskTemplate?.RestartPolicy?.Condition).toBe('on-failure');
    expect(swarm.TaskTemplate?.Networks).toEqual([{ Target: 'net-id', Aliases: ['ollama'] }]);
    expect(swarm.UpdateConfig).toMatchObject({ FailureAction: 'rollback', Parallelism: 1, Order: 'stop-first' });
  });
});
