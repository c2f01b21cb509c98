import { execFileSync } from 'node:child_process';

/**
 * Two network namespaces of a test's own joined by a veth pair, each end with one address of a
 * test network: two machines on one wire, off the host's network. Removing the namespaces removes the pair.
 */
export class NetnsPair {
  readonly names: [string, string];
  readonly addresses: [string, string];

  constructor(tag: string, subnet = '198.18.0') {
    this.names = [`sutazai-${tag}-a`, `sutazai-${tag}-b`];
    this.addresses = [`${subnet}.1`, `${subnet}.2`];
  }

  create(): void {
    const [a, b] = this.names;
    const veth = `szv${process.pid % 100000}`;
    for (const ns of this.names) {
      execFileSync('ip', ['netns', 'add', ns]);
      execFileSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    execFileSync('ip', ['link', 'add', `${veth}a`, 'netns', a, 'type', 'veth', 'peer', 'name', `${veth}b`, 'netns', b]);
    this.names.forEach((ns, i) => {
      const dev = `${veth}${i === 0 ? 'a' : 'b'}`;
      execFileSync('ip', ['-n', ns, 'addr', 'add', `${this.addresses[i]}/24`, 'dev', dev]);
      execFileSync('ip', ['-n', ns, 'link', 'set', dev, 'up']);
    });
  }

  destroy(): void {
    for (const ns of this.names) {
      try {
        execFileSync('ip', ['netns', 'delete', ns], { stdio: 'ignore' });
      } catch {
        // not created
      }
    }
  }
}
