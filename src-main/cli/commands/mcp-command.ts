import { STACK_OPTIONS, type Command } from '../command';

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'Serve the control center to MCP clients over stdio (read-only unless changes are allowed in Settings)',
  usage: 'sutazai mcp [--project NAME] [--templates DIR] [--env-file FILE]',
  options: { ...STACK_OPTIONS },
  async run(_values, _positionals, io, context) {
    // Loaded here, so the other commands do not load the MCP server's modules.
    const { loadStackMcpServing, stackMcpSources } = await import('../../mcp');
    const { createStackMcpServer, StdioServerTransport } = await loadStackMcpServing();
    const core = context.core();
    const server = createStackMcpServer(
      stackMcpSources({
        stack: core.stack,
        logs: core.logs,
        events: core.events,
        metrics: core.metrics,
        settings: core.settings,
        version: core.info.version,
        planner: core.planner,
      }),
    );
    // stdout carries the protocol: nothing else may be written to it while the session lasts.
    const transport = new StdioServerTransport(process.stdin, process.stdout);
    const ended = new Promise<void>((resolve) => {
      transport.onclose = resolve;
      process.stdin.once('end', resolve);
      process.stdin.once('close', resolve);
    });
    await server.connect(transport);
    io.err(`sutazai mcp: serving the ${core.project} stack over stdio\n`);
    await ended;
    await server.close();
    return 0;
  },
};
