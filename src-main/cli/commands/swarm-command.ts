import type { SwarmNodesReport, SwarmStackStatus } from '../../../src-shared/api/features/swarm';
import { formatMemory } from '../../../src-shared/format';
import { STACK_OPTIONS, UsageError, type CliIo, type Command } from '../command';

const USAGE = [
  'sutazai swarm deploy [PROFILE] [--project NAME] [--timeout SECONDS]   (again: changed services roll)',
  '       sutazai swarm ps [--project NAME] [--json]',
  '       sutazai swarm rm [PROFILE] [--project NAME] [--secrets] [--volumes]',
  '       sutazai swarm logs SERVICE [--project NAME] [--tail N]',
  '       sutazai swarm nodes [--project NAME] [--json]   (figures per node from the probe service, the guard)',
  '       sutazai swarm node NODE [--availability active|pause|drain] [--memory-budget SIZE|none]',
  '       sutazai swarm start-again SERVICE [--project NAME]   (a service the guard scaled to zero)',
].join('\n');

function printNodes(io: CliIo, r: SwarmNodesReport): void {
  if (!r.manager) {
    io.out('the current engine is not a swarm manager\n');
    return;
  }
  io.out(
    `probe ${r.probe.service}: ${r.probe.running} of ${r.probe.nodes} nodes${r.dryRun ? '  (guard: dry run)' : ''}\n`,
  );
  io.out('NODE                 ROLE     AVAIL   STATE   TASKS  MEMORY IN USE              CPU    GUARD\n');
  for (const n of r.nodes) {
    const f = n.figures;
    const memory = f
      ? `${formatMemory(f.totalBytes - f.availableBytes)} / ${formatMemory(n.budgetBytes ?? f.totalBytes)}${n.budgetSource === 'label' ? ' budget' : ''}`
      : `stale: ${n.stale ?? ''}`;
    io.out(
      `${n.hostname.padEnd(20)} ${`${n.role}${n.leader ? '*' : ''}`.padEnd(8)} ${n.availability.padEnd(7)} ${n.state.padEnd(7)} ${String(n.tasks).padEnd(6)} ${memory.padEnd(26)} ${f ? `${f.cpuPercent.toFixed(0)} %`.padEnd(6) : '–'.padEnd(6)} ${n.level ?? '–'}\n`,
    );
  }
  for (const s of r.shed)
    io.out(
      `scaled to 0 by the guard: ${s.service} (node ${s.node}, ${s.replicas} replica${s.replicas === 1 ? '' : 's'} before)\n`,
    );
}

function printStatus(io: CliIo, s: SwarmStackStatus): void {
  if (!s.manager) {
    io.out('the current engine is not a swarm manager\n');
    return;
  }
  if (s.services.length === 0) io.out(`no services of the stack ${s.stack} on this swarm\n`);
  for (const svc of s.services) {
    const update = svc.update
      ? `  update: ${svc.update.state}${svc.update.message ? ` (${svc.update.message})` : ''}`
      : '';
    const placement = svc.constraints.length ? `  on: ${svc.constraints.join(', ')}` : '';
    io.out(
      `${svc.service.padEnd(20)} ${`${svc.running}/${svc.replicas}`.padEnd(6)} ${svc.image}${placement}${update}\n`,
    );
  }
  if (s.tasks.length) io.out('\nTASK          SERVICE              NODE                 DESIRED   STATE     ERROR\n');
  for (const t of s.tasks)
    io.out(
      `${t.id.slice(0, 12).padEnd(13)} ${`${t.service}${t.slot ? `.${t.slot}` : ''}`.padEnd(20)} ${t.node.padEnd(20)} ${t.desiredState.padEnd(9)} ${t.state.padEnd(9)} ${t.error ?? ''}\n`,
    );
}

export const swarmCommand: Command = {
  name: 'swarm',
  summary: 'Deploy a profile to a Docker Swarm as a stack (the current engine must be a swarm manager)',
  usage: USAGE,
  allowPositionals: true,
  options: {
    ...STACK_OPTIONS,
    json: { type: 'boolean' },
    secrets: { type: 'boolean' },
    volumes: { type: 'boolean' },
    tail: { type: 'string' },
    timeout: { type: 'string' },
    availability: { type: 'string' },
    'memory-budget': { type: 'string' },
  },
  async run(values, positionals, io, context) {
    const [action, ...args] = positionals;
    const swarm = () => context.core().swarmFor(context.project());
    const count = (flag: string, fallback: number) => {
      if (values[flag] === undefined) return fallback;
      const n = Number(values[flag]);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} must be a whole number above 0`);
      return n;
    };
    if (args.length > 1) throw new UsageError(`${action} takes one name`);
    switch (action) {
      case 'deploy': {
        const r = await swarm().deploy(args[0], count('timeout', 300) * 1000);
        r.warnings.forEach((w) => io.err(`warning: ${w}\n`));
        io.out(`stack ${r.stack} deployed on network ${r.network}\n`);
        if (r.created.length) io.out(`created: ${r.created.join(', ')}\n`);
        if (r.updated.length) io.out(`updated: ${r.updated.join(', ')}\n`);
        if (r.secrets.length) io.out(`secrets: ${r.secrets.join(', ')}\n`);
        for (const b of r.rolledBack) io.err(`rolled back: ${b.service}: ${b.message}\n`);
        return r.rolledBack.length ? 1 : 0;
      }
      case 'ps': {
        const s = await swarm().ps();
        if (values.json) io.out(JSON.stringify(s, null, 2) + '\n');
        else printStatus(io, s);
        return 0;
      }
      case 'rm': {
        const r = await swarm().rm(args[0], { secrets: !!values.secrets, volumes: !!values.volumes });
        io.out(`removed services: ${r.services.join(', ') || 'none'}\n`);
        if (r.networks.length) io.out(`removed networks: ${r.networks.join(', ')}\n`);
        if (r.secrets.length) io.out(`removed secrets: ${r.secrets.join(', ')}\n`);
        if (r.volumes.length) io.out(`removed volumes on this node: ${r.volumes.join(', ')}\n`);
        return 0;
      }
      case 'logs': {
        if (args.length !== 1) throw new UsageError('logs needs a SERVICE');
        const { lines } = await swarm().logs(args[0]!, count('tail', 200));
        lines.forEach((l) => io.out(`${l}\n`));
        return 0;
      }
      case 'nodes': {
        const r = await swarm().nodes();
        if (values.json) io.out(JSON.stringify(r, null, 2) + '\n');
        else printNodes(io, r);
        return 0;
      }
      case 'node': {
        if (args.length !== 1) throw new UsageError('node needs a NODE (its hostname or id)');
        const availability = values.availability as string | undefined;
        if (availability !== undefined && !['active', 'pause', 'drain'].includes(availability))
          throw new UsageError('--availability must be active, pause or drain');
        const budget = values['memory-budget'] as string | undefined;
        const n = await swarm().node(args[0]!, {
          ...(availability ? { availability: availability as 'active' | 'pause' | 'drain' } : {}),
          ...(budget !== undefined ? { memoryBudget: budget === 'none' ? null : budget } : {}),
        });
        io.out(
          `${n.hostname}: ${n.availability}, ${n.state}${n.budgetBytes && n.budgetSource === 'label' ? `, memory budget ${formatMemory(n.budgetBytes)}` : ''}\n`,
        );
        return 0;
      }
      case 'start-again': {
        if (args.length !== 1) throw new UsageError('start-again needs a SERVICE');
        const s = await swarm().startAgain(args[0]!);
        io.out(`${s.service}: back to ${s.replicas} replica${s.replicas === 1 ? '' : 's'}\n`);
        return 0;
      }
      default:
        throw new UsageError(
          action ? `unknown action '${action}'` : 'give an action: deploy, ps, rm, logs, nodes, node or start-again',
        );
    }
  },
};
