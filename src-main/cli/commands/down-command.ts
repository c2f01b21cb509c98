import { STACK_OPTIONS, type Command } from '../command';

export const downCommand: Command = {
  name: 'down',
  summary: 'Stop and remove the stack (or one profile); volumes only with --volumes',
  usage: 'sutazai down [PROFILE] [--project NAME] [--templates DIR] [--volumes] [--json]',
  options: { ...STACK_OPTIONS, volumes: { type: 'boolean' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run(values, positionals, io, context) {
    const stack = context.project().stack;
    const report = await stack.down(positionals[0], Boolean(values.volumes));
    if (values.json) io.out(JSON.stringify(report, null, 2) + '\n');
    else {
      io.out(
        `removed ${report.removedContainers.length} containers${report.removedVolumes.length ? `, ${report.removedVolumes.length} volumes` : ''}${report.removedNetworks.length ? `, ${report.removedNetworks.length} networks` : ''}\n`,
      );
      for (const e of report.errors) io.err(`error: ${e}\n`);
    }
    return report.errors.length ? 1 : 0;
  },
};
