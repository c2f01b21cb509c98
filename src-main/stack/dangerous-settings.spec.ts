import Docker from 'dockerode';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store';
import { AcknowledgementRepository } from './acknowledgement-repository';
import { loadProject } from './compose-loader';
import { dangerousSettings } from './dangerous-settings';
import { StackService } from './stack-service';

const dir = mkdtempSync(join(tmpdir(), 'sutazai-risks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const compose = `services:
  cadvisor:
    image: gcr.io/cadvisor/cadvisor:v0.49.1
    volumes: ["/:/rootfs:ro", "/var/run:/var/run:ro", "/var/run/docker.sock:/var/run/docker.sock", "./conf:/conf", "/etc/localtime:/etc/localtime:ro"]
    ports: ["127.0.0.1:8080:8080"]
    labels: {ai.sutazai.host-access: "reads every container's metrics"}
  agent:
    image: agent:1
    privileged: true
    cap_add: [SYS_ADMIN, NET_BIND_SERVICE]
    network_mode: host
    pid: host
    devices: ["/dev/fuse"]
    security_opt: ["seccomp=unconfined", "no-new-privileges:true"]
  web:
    image: nginx:1.27
    ports: ["8081:80", "0.0.0.0:8443:443", "127.0.0.1:9000:9000", "[::1]:9001:9001"]
  quiet:
    image: redis:7
    ports: ["127.0.0.1:6379:6379"]
    volumes: ["data:/data"]
volumes:
  data:
`;

describe('dangerous settings', () => {
  writeFileSync(join(dir, 'compose.yml'), compose);
  const p = loadProject({ files: [join(dir, 'compose.yml')], env: {} });

  it('lists what gives a container part of the host, each with a reason', () => {
    const of = (s: string) => dangerousSettings(p.services[s]!).map((d) => d.setting);
    expect(of('cadvisor')).toEqual([
      'volumes: /:/rootfs:ro',
      'volumes: /var/run:/var/run:ro',
      'volumes: /var/run/docker.sock:/var/run/docker.sock',
    ]);
    expect(of('agent')).toEqual([
      'privileged: true',
      'cap_add: SYS_ADMIN',
      'network_mode: host',
      'pid: host',
      'devices: /dev/fuse',
      'security_opt: seccomp=unconfined',
    ]);
    expect(of('web')).toEqual(['ports: 8081->80/tcp on all interfaces', 'ports: 8443->443/tcp on all interfaces']);
    expect(of('quiet')).toEqual([]);
    for (const s of Object.values(p.services))
      for (const d of dangerousSettings(s)) expect(d.reason.length, d.setting).toBeGreaterThan(20);
    expect(dangerousSettings(p.services.cadvisor!)[2]!.reason).toMatch(/root on the host/);
  });

  it('are confirmed once per configuration, kept in the database, and asked again after a change', async () => {
    const home = join(dir, 'home');
    const make = () => {
      const db = openDatabase(join(home, 'sutazai.db'));
      // The engine is never reached: `up` refuses before it.
      const stack = new StackService({
        docker: new Docker({ socketPath: join(dir, 'no-engine.sock') }),
        home,
        templatesDir: dir,
        project: 'risky',
        env: {},
        acknowledgements: new AcknowledgementRepository(db),
      });
      return { db, stack };
    };
    let { db, stack } = make();
    const first = stack.risks(['*']);
    expect(first.map((r) => [r.service, r.acknowledged, r.justification])).toEqual([
      ['agent', false, undefined],
      ['cadvisor', false, "reads every container's metrics"],
      ['web', false, undefined],
    ]);
    await expect(stack.up('*')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(
        /^Not started: agent \(privileged: true; .*\), cadvisor \(.*\), web \(.*\) get part of the host and were not confirmed/,
      ),
    });
    stack.acknowledge(
      first.filter((r) => r.service !== 'web').map((r) => ({ service: r.service, configHash: r.configHash })),
    );
    db.close();

    ({ db, stack } = make());
    expect(stack.risks(['*']).map((r) => [r.service, r.acknowledged])).toEqual([
      ['agent', true],
      ['cadvisor', true],
      ['web', false],
    ]);
    writeFileSync(join(dir, 'compose.yml'), compose.replace('image: agent:1', 'image: agent:2'));
    const changed = stack.risks(['*']);
    expect(changed.map((r) => [r.service, r.acknowledged])).toEqual([
      ['agent', false],
      ['cadvisor', true],
      ['web', false],
    ]);
    expect(() => stack.acknowledge([{ service: 'agent', configHash: first[0]!.configHash }])).toThrow(
      /The configuration of agent changed since it was shown/,
    );
    db.close();
    writeFileSync(join(dir, 'compose.yml'), compose);
  });
});
