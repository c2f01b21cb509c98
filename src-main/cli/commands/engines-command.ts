import { resolve } from 'node:path';
import { engineAddInput, type EngineSummary } from '../../../src-shared/api';
import { formatBytes } from '../../../src-shared/format';
import { UsageError, type CliIo, type Command } from '../command';

const USAGE = [
  'sutazai engines list [--json]',
  '       sutazai engines add NAME ssh://user@host[:port] [--identity FILE] [--known-hosts FILE]',
  '       sutazai engines add NAME tcp://host:2376 --tls-ca FILE --tls-cert FILE --tls-key FILE',
  '       sutazai engines remove NAME',
  '       sutazai engines use NAME',
  '       sutazai engines import   (the docker contexts of ~/.docker)',
].join('\n');

function printEngine(io: CliIo, e: EngineSummary): void {
  const facts = e.connected
    ? [
        `Docker ${e.version ?? '?'}`,
        e.os,
        e.cpus ? `${e.cpus} CPUs` : undefined,
        e.memoryBytes ? formatBytes(e.memoryBytes) : undefined,
        e.swarm === 'none' ? undefined : `swarm ${e.swarm}`,
      ]
        .filter(Boolean)
        .join(', ')
    : `unreachable: ${e.error ?? 'no answer'}`;
  io.out(`${e.current ? '*' : ' '} ${e.name.padEnd(16)} ${e.url.padEnd(36)} ${facts}\n`);
  if (!e.connected && e.hint) io.out(`  ${''.padEnd(16)} fix: ${e.hint}\n`);
}

export const enginesCommand: Command = {
  name: 'engines',
  summary: 'List, add, remove and choose the Docker engines the stack runs on (local, ssh://, tcp:// with TLS)',
  usage: USAGE,
  allowPositionals: true,
  options: {
    json: { type: 'boolean' },
    identity: { type: 'string' },
    'known-hosts': { type: 'string' },
    'tls-ca': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
  },
  async run(values, positionals, io, context) {
    const [action = 'list', ...args] = positionals;
    const engines = () => context.core().engines;
    const file = (flag: string) => (values[flag] ? resolve(values[flag] as string) : undefined);
    switch (action) {
      case 'list': {
        const list = await engines().list();
        if (values.json) io.out(JSON.stringify(list, null, 2) + '\n');
        else list.forEach((e) => printEngine(io, e));
        return 0;
      }
      case 'add': {
        if (args.length !== 2) throw new UsageError('add needs a NAME and a URL');
        const [ca, cert, key] = [file('tls-ca'), file('tls-cert'), file('tls-key')];
        if ((ca || cert || key) && !(ca && cert && key))
          throw new UsageError('--tls-ca, --tls-cert and --tls-key go together');
        const parsed = engineAddInput.safeParse({
          name: args[0],
          url: args[1],
          ...(ca && cert && key ? { tls: { ca, cert, key } } : {}),
          ...(file('identity') ? { identityFile: file('identity') } : {}),
          ...(file('known-hosts') ? { knownHostsFile: file('known-hosts') } : {}),
        });
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new UsageError(`${issue.path.join('.') || 'input'}: ${issue.message}`);
        }
        const added = await engines().add(parsed.data);
        io.out(`added engine '${added.name}'\n`);
        printEngine(io, added);
        return added.connected ? 0 : 1;
      }
      case 'remove': {
        if (args.length !== 1) throw new UsageError('remove needs a NAME');
        engines().remove(args[0]!);
        io.out(`removed engine '${args[0]}' (nothing on it was touched)\n`);
        return 0;
      }
      case 'use': {
        if (args.length !== 1) throw new UsageError('use needs a NAME');
        const chosen = await engines().use(args[0]!);
        io.out(`the stack now runs on '${chosen.name}'\n`);
        printEngine(io, chosen);
        return chosen.connected ? 0 : 1;
      }
      case 'import': {
        const { imported } = engines().importContexts();
        io.out(imported.length ? `imported ${imported.join(', ')}\n` : 'no docker contexts to import\n');
        return 0;
      }
      default:
        throw new UsageError(`unknown action '${action}'`);
    }
  },
};
