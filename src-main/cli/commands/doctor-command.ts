import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { discoverEngine, EngineClient } from '../../engine';
import { diskFree, readHostProfile } from '../../host';
import { resolveAppHome } from '../../store';
import type { Command } from '../command';
import { formatBytes } from '../format';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check the Docker engine and describe this machine',
  usage: 'sutazai doctor [--json]',
  options: { json: { type: 'boolean' } },
  async run(values, _positionals, io) {
    const engine = await new EngineClient(discoverEngine({ env: io.env })).status();
    const home = resolveAppHome(io.env);
    const [host, engineDisk, homeDisk] = await Promise.all([
      readHostProfile(),
      engine.dataRoot ? diskFree(engine.dataRoot) : Promise.resolve(undefined),
      diskFree(nearestExisting(home)),
    ]);
    const report = {
      engine,
      host,
      disk: {
        engineDataRoot: engineDisk ?? null,
        appHome: homeDisk ? { ...homeDisk, path: home } : null,
      },
    };
    if (values.json) {
      io.out(JSON.stringify(report, null, 2) + '\n');
      return engine.connected ? 0 : 1;
    }
    const lines: string[] = [];
    if (engine.connected) {
      lines.push(`engine    ok: Docker ${engine.version} (API ${engine.apiVersion}) at ${engine.endpoint} [${engine.source}]`);
      lines.push(`          ${engine.containers?.running ?? 0} of ${engine.containers?.total ?? 0} containers running, data root ${engine.dataRoot}`);
    } else {
      lines.push(`engine    NOT REACHABLE: ${engine.error}`);
      lines.push(`          tried: ${engine.tried.join(', ')}`);
      lines.push(`          fix: ${engine.hint}`);
    }
    lines.push(`host      ${host.cpuModel}, ${host.physicalCores} physical / ${host.logicalCores} logical cores`);
    lines.push(`memory    ${formatBytes(host.memTotalBytes)} RAM, ${formatBytes(host.swapTotalBytes)} swap`);
    if (engineDisk) lines.push(`disk      ${formatBytes(engineDisk.freeBytes)} free of ${formatBytes(engineDisk.totalBytes)} at ${engineDisk.path} (engine data)`);
    else if (engine.connected) lines.push(`disk      engine data root ${engine.dataRoot} is not readable from here (remote engine or VM)`);
    if (homeDisk) lines.push(`          ${formatBytes(homeDisk.freeBytes)} free at ${home} (app data)`);
    io.out(lines.join('\n') + '\n');
    return engine.connected ? 0 : 1;
  },
};

function nearestExisting(path: string): string {
  // statfs needs an existing path; the app home may not exist before the first start.
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}
