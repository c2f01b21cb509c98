import type Docker from 'dockerode';
import type { McpLog } from './mcp-log';

// What the app needs of a container server without the MCP SDK: its container's name, and its
// removal. The transport itself (container-transport.ts) is loaded when such a server first starts.

export interface ContainerServerSpec {
  docker: Docker;
  project: string;
  /** The server's id: the container is the project's service `mcp-<id>`. */
  serverId: string;
  image: string;
  args: string[];
  env: Record<string, string>;
  /** Host folders mounted at the same path inside (read-write), for servers that take folders. */
  folders: string[];
  log: McpLog;
  /** Extra labels (the tests' own). */
  labels?: Record<string, string>;
}

export function containerName(project: string, serverId: string): string {
  return `${project}-mcp-${serverId}`;
}

/** Removes a container server's container (when its server is removed or disabled). */
export async function removeServerContainer(docker: Docker, project: string, serverId: string): Promise<void> {
  await docker
    .getContainer(containerName(project, serverId))
    .remove({ force: true })
    .catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 404) throw err;
    });
}
