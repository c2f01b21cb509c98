import type { McpCatalogEntry } from '../../src-shared/api';

/**
 * The reference MCP servers the app can add in one step. Those published on npm are installed
 * into the app home with npm and run by the Node that runs the app; fetch and git are Python
 * programs upstream (not on npm), so they run as the container images Docker publishes for them.
 */
export const MCP_CATALOG: McpCatalogEntry[] = [
  {
    id: 'filesystem',
    title: 'Filesystem',
    description: 'Read, write, search and move files, inside the folders you name and nowhere else.',
    run: { kind: 'npm', package: '@modelcontextprotocol/server-filesystem', version: '2026.8.31' },
    takesFolders: true,
    secrets: [],
    note: 'Gets no folder until you add one.',
  },
  {
    id: 'memory',
    title: 'Memory',
    description: 'A knowledge graph of entities, relations and observations the model can keep and search.',
    run: { kind: 'npm', package: '@modelcontextprotocol/server-memory', version: '2026.8.31' },
    takesFolders: false,
    secrets: [],
  },
  {
    id: 'sequential-thinking',
    title: 'Sequential thinking',
    description: 'A tool for step-by-step problem solving that the model can revise and branch.',
    run: { kind: 'npm', package: '@modelcontextprotocol/server-sequential-thinking', version: '2026.8.31' },
    takesFolders: false,
    secrets: [],
  },
  {
    id: 'everything',
    title: 'Everything',
    description:
      'The protocol test server: tools, prompts and resources of every kind (echo, add, long-running tasks).',
    run: { kind: 'npm', package: '@modelcontextprotocol/server-everything', version: '2026.8.31' },
    takesFolders: false,
    secrets: [],
  },
  {
    id: 'github',
    title: 'GitHub',
    description: 'Repositories, issues, pull requests and files through the GitHub API.',
    run: { kind: 'npm', package: '@modelcontextprotocol/server-github', version: '2025.4.8' },
    takesFolders: false,
    secrets: [{ name: 'GITHUB_PERSONAL_ACCESS_TOKEN', label: 'GitHub personal access token' }],
    note: 'The npm package is no longer developed upstream; GitHub now publishes its own server as an image.',
  },
  {
    id: 'fetch',
    title: 'Fetch',
    description: 'Fetches a web page and gives it to the model as Markdown.',
    run: { kind: 'image', image: 'mcp/fetch:latest' },
    takesFolders: false,
    secrets: [],
    note: 'A Python program upstream (not on npm): runs as a container of the stack.',
  },
  {
    id: 'git',
    title: 'Git',
    description: 'Reads and changes a Git repository: status, diff, log, commit, branches.',
    run: { kind: 'image', image: 'mcp/git:latest' },
    takesFolders: true,
    secrets: [],
    note: 'A Python program upstream (not on npm): runs as a container of the stack, with the folders you name mounted.',
  },
];

export function catalogEntry(id: string): McpCatalogEntry | undefined {
  return MCP_CATALOG.find((e) => e.id === id);
}
