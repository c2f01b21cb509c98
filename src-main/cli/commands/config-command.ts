import { formatBytes } from '../../../src-shared/format';
import { STACK_OPTIONS, type Command } from '../command';

export const configCommand: Command = {
  name: 'config',
  summary: 'Show the resolved stack for a profile (validates the templates); secrets show as <secret>',
  usage: 'sutazai config [--templates DIR] [--profile P] [--json] [--show-secrets]',
  options: { ...STACK_OPTIONS, profile: { type: 'string' }, json: { type: 'boolean' }, 'show-secrets': { type: 'boolean' } },
  async run(values, _positionals, io, context) {
    const stack = context.core().stack;
    const model = stack.config(values.profile as string | undefined, values['show-secrets'] === true);
    if (values.json) {
      io.out(JSON.stringify(model, null, 2) + '\n');
      return 0;
    }
    io.out(`project ${model.name}, profile ${model.activeProfiles.join(', ') || '(none)'}; profiles: ${model.profiles.join(', ')}\n`);
    for (const s of Object.values(model.services)) {
      const ports = s.ports.map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort ?? '?'}->${p.containerPort}`).join(' ');
      io.out(`  ${s.name.padEnd(18)} ${s.tier.padEnd(8)} ${s.image.padEnd(44)} ${formatBytes(s.limits.memoryBytes, '?').padStart(9)}  ${ports}\n`);
    }
    for (const i of model.ignored) io.err(`warning: ${i.pos.file}:${i.pos.line}: ${i.path} is not supported and was ignored\n`);
    return 0;
  },
};
