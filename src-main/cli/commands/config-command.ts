import { formatBytes } from '../../../src-shared/format';
import { STACK_OPTIONS, type Command } from '../command';

export const configCommand: Command = {
  name: 'config',
  summary: 'Show the resolved stack for profiles (validates the compose files); secrets show as <secret>',
  usage:
    'sutazai config [--project NAME] [--templates DIR] [--env-file FILE]... [--profile P]... [--json] [--show-secrets]',
  options: {
    ...STACK_OPTIONS,
    profile: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    'show-secrets': { type: 'boolean' },
  },
  async run(values, _positionals, io, context) {
    {
      const stack = context.project().stack;
      const profiles = values.profile as string[] | undefined;
      const model = stack.config(profiles, values['show-secrets'] === true);
      if (values.json) {
        io.out(JSON.stringify({ ...model, risks: stack.risks(profiles) }, null, 2) + '\n');
        for (const w of model.warnings)
          io.err(`warning: ${w.pos ? `${w.pos.file}:${w.pos.line}: ` : ''}${w.message}\n`);
        return 0;
      }
      io.out(
        `project ${model.name}, profiles ${model.activeProfiles.join(', ') || '(none)'}; profiles: ${model.profiles.join(', ')}\n`,
      );
      for (const s of Object.values(model.services)) {
        const ports = s.ports
          .map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort ?? '?'}->${p.containerPort}`)
          .join(' ');
        io.out(
          `  ${s.name.padEnd(18)} ${s.tier.padEnd(8)} ${s.image.padEnd(44)} ${formatBytes(s.limits.memoryBytes, '?').padStart(9)}  ${ports}\n`,
        );
      }
      const risks = stack.risks(profiles);
      if (risks.length) io.out('host access (asked before the first start):\n');
      for (const r of risks) {
        io.out(
          `  ${r.service}${r.acknowledged ? ' (confirmed)' : ''}${r.justification ? `: ${r.justification}` : ''}\n`,
        );
        for (const s of r.settings) io.out(`    ${s.setting}: ${s.reason}\n`);
      }
      for (const w of model.warnings) io.err(`warning: ${w.pos ? `${w.pos.file}:${w.pos.line}: ` : ''}${w.message}\n`);
      for (const i of model.ignored)
        io.err(`warning: ${i.pos.file}:${i.pos.line}: ${i.path} is not supported and was ignored\n`);
      return 0;
    }
  },
};
