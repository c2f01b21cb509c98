import { relative, resolve } from 'node:path';
import type { ProjectSummary, Tier } from '../../../src-shared/api';
import { UsageError, type CliIo, type Command, type CommandContext } from '../command';

const TIERS: Tier[] = ['critical', 'core', 'optional'];
const NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

type Values = Record<string, string | boolean | string[] | undefined>;

function tierOption(value: unknown, flag: string): Tier | undefined {
  if (value === undefined) return undefined;
  if (!TIERS.includes(value as Tier))
    throw new UsageError(`${flag}: '${String(value)}' is not a tier (critical, core or optional)`);
  return value as Tier;
}

function nameArgument(value: string | undefined, what: string): string {
  if (value === undefined) throw new UsageError(`name the project to ${what} (sutazai projects list shows them)`);
  if (!NAME.test(value)) throw new UsageError(`'${value}' is not a project name (lowercase letters, digits, - and _)`);
  return value;
}

function line(p: ProjectSummary): string {
  return `${p.name.padEnd(20)} ${p.kind.padEnd(8)} ${p.defaultTier.padEnd(9)} ${p.dir}\n`;
}

async function add(values: Values, args: string[], io: CliIo, context: CommandContext): Promise<number> {
  if (args.length !== 1)
    throw new UsageError('give the compose folder to add, e.g. `sutazai projects add ~/dify/docker`');
  const name = values.name === undefined ? undefined : nameArgument(values.name as string, 'add');
  const defaultTier = tierOption(values.tier, '--tier');
  const dir = args[0]!.startsWith('~') ? args[0]! : resolve(args[0]!);
  const added = await context.core().projects.add({
    dir,
    ...(name ? { name } : {}),
    ...(defaultTier ? { defaultTier } : {}),
  });
  if (values.json) {
    io.out(JSON.stringify(added, null, 2) + '\n');
    return 0;
  }
  const p = added.project;
  io.out(`✓ added ${p.name} (${p.dir}): ${p.files.map((f) => relative(p.dir, f)).join(', ')}\n`);
  io.out(`  services without a profile: ${added.services.join(', ') || 'none'}\n`);
  io.out(`  profiles: ${added.profiles.join(', ') || 'none'}\n`);
  io.out(`  services whose compose file names no tier are ${p.defaultTier} (sutazai projects tier ${p.name} TIER)\n`);
  if (added.adopted.length)
    io.out(
      `  already made by docker compose, now managed as they are: ${added.adopted.map((c) => `${c.service} (${c.containerName}, ${c.state})`).join(', ')}\n`,
    );
  for (const w of added.warnings) io.err(`warning: ${w.pos ? `${w.pos.file}:${w.pos.line}: ` : ''}${w.message}\n`);
  io.out(`Start it with \`sutazai up --project ${p.name}${added.profiles.length ? ' [PROFILE...]' : ''}\`.\n`);
  return 0;
}

async function remove(values: Values, args: string[], io: CliIo, context: CommandContext): Promise<number> {
  if (args.length > 1) throw new UsageError('remove one project at a time');
  if (values.volumes && !values.down) throw new UsageError('--volumes removes volumes only with --down');
  const name = nameArgument(args[0], 'remove');
  const removed = await context.core().projects.remove(name, {
    ...(values.down ? { down: true } : {}),
    ...(values.volumes ? { volumes: true } : {}),
  });
  if (values.json) {
    io.out(JSON.stringify(removed, null, 2) + '\n');
    return removed.down?.errors.length ? 1 : 0;
  }
  if (removed.down) {
    const d = removed.down;
    io.out(
      `removed ${d.removedContainers.length} containers${d.removedVolumes.length ? `, ${d.removedVolumes.length} volumes` : ''}${d.removedNetworks.length ? `, ${d.removedNetworks.length} networks` : ''}\n`,
    );
    for (const e of d.errors) io.err(`error: ${e}\n`);
  }
  io.out(
    `✓ ${name} is no longer managed${removed.kept.length ? `; its containers are left as they are: ${removed.kept.join(', ')}` : ''}\n`,
  );
  return removed.down?.errors.length ? 1 : 0;
}

function tier(args: string[], io: CliIo, context: CommandContext): number {
  const name = nameArgument(args[0], 'configure');
  const chosen = tierOption(args[1], 'TIER');
  if (!chosen) throw new UsageError('give the tier: critical, core or optional');
  const p = context.core().projects.setDefaultTier(name, chosen);
  io.out(`✓ ${p.name}: services whose compose file names no tier are ${p.defaultTier}\n`);
  return 0;
}

export const projectsCommand: Command = {
  name: 'projects',
  summary: 'Manage compose folders as stacks next to the SutazAI one: add, list, remove (forgets; --down removes)',
  usage: [
    'sutazai projects list [--json]',
    '       sutazai projects add DIR [--name NAME] [--tier critical|core|optional] [--json]',
    '       sutazai projects remove NAME [--down [--volumes]] [--json]',
    '       sutazai projects tier NAME critical|core|optional',
  ].join('\n'),
  options: {
    name: { type: 'string' },
    tier: { type: 'string' },
    down: { type: 'boolean' },
    volumes: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  allowPositionals: true,
  async run(values, positionals, io, context) {
    const [action, ...args] = positionals;
    switch (action) {
      case undefined:
      case 'list': {
        const list = context.core().projects.summaries();
        if (values.json) io.out(JSON.stringify(list, null, 2) + '\n');
        else {
          io.out(`${'NAME'.padEnd(20)} ${'KIND'.padEnd(8)} ${'TIER'.padEnd(9)} FOLDER\n`);
          for (const p of list) io.out(line(p));
        }
        return 0;
      }
      case 'add':
        return add(values, args, io, context);
      case 'remove':
        return remove(values, args, io, context);
      case 'tier':
        return tier(args, io, context);
      default:
        throw new UsageError(`unknown action '${action}' (list, add, remove, tier)`);
    }
  },
};
