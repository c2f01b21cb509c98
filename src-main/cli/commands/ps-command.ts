import { STACK_OPTIONS, type Command } from '../command';

export const psCommand: Command = {
  name: 'ps',
  summary: "List the stack's services and their state",
  usage: 'sutazai ps [--project NAME] [--json]',
  options: { ...STACK_OPTIONS, json: { type: 'boolean' } },
  async run(values, _positionals, io, context) {
    const services = await context.project().stack.ps();
    if (values.json) {
      io.out(
        JSON.stringify(
          services.map((s) => ({
            service: s.service,
            container: s.containerName,
            state: s.state,
            health: s.health,
            tier: s.tier,
            ports: s.ports,
          })),
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    if (services.length === 0) io.out('no services are running in this project\n');
    for (const s of services) {
      io.out(
        `${s.service.padEnd(20)} ${s.state.padEnd(9)} ${s.health.padEnd(9)} ${s.tier.padEnd(8)} ${s.ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}`).join(' ')}\n`,
      );
    }
    return 0;
  },
};
