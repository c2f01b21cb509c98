import type Docker from 'dockerode';
import { nodeNames } from './swarm-tasks';

/** Splits the engine's multiplexed log stream (8-byte frame headers) into its text. */
export function demuxLogs(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(at + 4);
    parts.push(buffer.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * A service's last log lines from every node its tasks ran on (the swarm gathers them), each
 * prefixed with the node's name, as `docker service logs` does.
 */
export async function serviceLogs(docker: Docker, swarmService: string, tail: number): Promise<string[]> {
  const [raw, nodes] = await Promise.all([
    docker.getService(swarmService).logs({ stdout: true, stderr: true, tail, details: true, follow: false }),
    nodeNames(docker),
  ]);
  const text = demuxLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      // With details, each line starts with `com.docker.swarm.node.id=...,...,com.docker.swarm.task.id=... `.
      const space = line.indexOf(' ');
      const details = new URLSearchParams(line.slice(0, space).replaceAll(',', '&'));
      const node = details.get('com.docker.swarm.node.id');
      return node ? `${nodes.get(node) ?? node.slice(0, 12)} | ${line.slice(space + 1)}` : line;
    });
}
