import { formatBytes } from '../format';
import { STACK_OPTIONS, type Command } from '../command';
import { cliStack } from '../stack-context';

export const configCommand: Command = {
  name: 'config',
  summary: 'Show the resolved stack for a profile (validates the templates)',
  usage: 'sutazai config [--templates DIR] [--profile P] [--json]',
  options: { ...STACK_OPTIONS, profile: { type: 'string' }, json: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const stack = cliStack(values, io);
    const model = stack.load(values.profile as string | undefined);
    if (values.json) {
      io.out(JSON.stringify(redactSecrets(model, stack.secrets.read()), null, 2) + '\n');
      return 0;
    }
    io.out(`project ${model.name}, profile ${model.activeProfiles.join(', ') || '(none)'}; profiles: ${model.profiles.join(', ')}\n`);
    for (const s of Object.values(model.services)) {
      const ports = s.ports.map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort ?? '?'}->${p.containerPort}`).join(' ');
      io.out(`  ${s.name.padEnd(18)} ${s.tier.padEnd(8)} ${s.image.padEnd(44)} ${formatBytes(s.limits.memoryBytes ?? NaN).padStart(9)}  ${ports}\n`);
    }
    for (const i of model.ignored) io.err(`warning: ${i.pos.file}:${i.pos.line}: ${i.path} is not supported and was ignored\n`);
    return 0;
  },
};

/** Generated secrets never leave the app in clear: the JSON shows `<secret>` where one was interpolated. */
export function redactSecrets<T>(value: T, secrets: Record<string, string>): T {
  const values = Object.values(secrets).filter((v) => v.length >= 8);
  if (values.length === 0) return value;
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) => {
    if (typeof v !== 'string') return v;
    let out = v;
    for (const s of values) out = out.split(s).join('<secret>');
    return out;
  }) as T;
}
