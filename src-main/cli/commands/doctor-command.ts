import type { HomeAccess } from '../../../src-shared/api';
import type { Recommendations } from '../../../src-shared/api/features/hardware';
import type { LimitSizing } from '../../../src-shared/api/features/planner';
import { formatBytes } from '../../../src-shared/format';
import { homeAccess } from '../../store';
import { STACK_OPTIONS, type Command } from '../command';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check the Docker engine, describe this machine and recommend what fits it',
  usage: 'sutazai doctor [--json] [--templates DIR] [--project NAME]',
  options: { json: { type: 'boolean' }, ...STACK_OPTIONS },
  async run(values, _positionals, io, context) {
    // The same engine, stack (templates, generated secrets, the override file) and optimizer as the app.
    const core = context.core();
    const engine = await core.engine.status();
    const { home, stack, hardware } = core;
    const host = await hardware.profile();
    let advice: Recommendations | undefined;
    let adviceError: string | undefined;
    try {
      advice = await hardware.recommendations();
    } catch (err) {
      adviceError = (err as Error).message;
    }
    let sizing: LimitSizing | undefined;
    let sizingError: string | undefined;
    try {
      sizing = await core.planner.limits();
    } catch (err) {
      sizingError = (err as Error).message;
    }
    const access = homeAccess(home);
    const disk = {
      engineDataRoot: host.disks.find((d) => d.label === 'engine data') ?? null,
      appHome: host.disks.find((d) => d.label === 'app data') ?? null,
    };
    if (values.json) {
      const report = {
        engine,
        host,
        disk,
        ...(access ? { home: { ...access, ...(access.private ? {} : { warning: homeWarning(access) }) } } : {}),
        ...(advice
          ? { profileFits: advice.profileFits, recommendations: advice.recommendations, headroom: advice.headroom }
          : { recommendationsError: adviceError }),
        ...(sizing ? { limitSizing: sizing } : { limitSizingError: sizingError }),
      };
      io.out(JSON.stringify(report, null, 2) + '\n');
      return engine.connected ? 0 : 1;
    }
    const lines: string[] = [];
    if (engine.connected) {
      lines.push(
        `engine    ok: Docker ${engine.version} (API ${engine.apiVersion}) at ${engine.endpoint} [${engine.source}]`,
      );
      lines.push(
        `          ${engine.containers?.running ?? 0} of ${engine.containers?.total ?? 0} containers running, data root ${engine.dataRoot}`,
      );
    } else {
      lines.push(`engine    NOT REACHABLE: ${engine.error}`);
      lines.push(`          tried: ${engine.tried.join(', ')}`);
      lines.push(`          fix: ${engine.hint}`);
    }
    lines.push(`host      ${host.cpuModel}, ${host.physicalCores} physical / ${host.logicalCores} logical cores`);
    lines.push(`memory    ${formatBytes(host.memTotalBytes)} RAM, ${formatBytes(host.swapTotalBytes)} swap`);
    if (host.gpus.length === 0) lines.push(`gpu       none (${host.gpuNote})`);
    for (const g of host.gpus) {
      const vram = g.vramTotalBytes
        ? `${formatBytes(g.vramTotalBytes)} VRAM${g.vramUsedBytes !== undefined ? `, ${formatBytes(g.vramUsedBytes)} used` : ''}`
        : 'VRAM unknown';
      lines.push(
        `gpu ${String(g.index).padEnd(5)} ${g.vendor} ${g.name}, ${vram}${g.driverVersion ? `, driver ${g.driverVersion}` : ''} [${g.source}]`,
      );
    }
    if (disk.engineDataRoot)
      lines.push(
        `disk      ${formatBytes(disk.engineDataRoot.freeBytes)} free of ${formatBytes(disk.engineDataRoot.totalBytes)} at ${disk.engineDataRoot.path} (engine data)`,
      );
    else if (engine.connected)
      lines.push(`disk      engine data root ${engine.dataRoot} is not readable from here (remote engine or VM)`);
    if (disk.appHome) lines.push(`          ${formatBytes(disk.appHome.freeBytes)} free at ${home} (app data)`);
    if (access?.private) lines.push(`home      ok: ${home} (${access.mode}, only you can read it)`);
    else if (access) {
      lines.push(`home      WARNING: ${homeWarning(access)}`);
      lines.push(`          fix: ${access.fix}`);
    }
    if (advice) {
      lines.push('', 'recommendations');
      for (const r of advice.recommendations) {
        const mark = r.applied
          ? 'applied'
          : r.severity === 'warning'
            ? 'warning'
            : r.severity === 'ok'
              ? 'ok'
              : 'advice';
        lines.push(`  [${mark}] ${r.title}`);
        lines.push(`      ${r.reason}`);
        for (const f of r.figures) lines.push(`      ${f.label}: ${f.value}`);
      }
      lines.push('', `Apply or undo them on the Hardware page; applied ones go to ${stack.overrideFile}.`);
    } else if (adviceError) {
      lines.push('', `recommendations unavailable: ${adviceError}`);
    }
    if (sizing) lines.push('', ...sizingLines(sizing));
    else if (sizingError) lines.push('', `limits sized from measured use unavailable: ${sizingError}`);
    io.out(lines.join('\n') + '\n');
    return engine.connected ? 0 : 1;
  },
};

/** Services whose limit is far above their use or close to it, with the recommended limit and reservation. */
function sizingLines(sizing: LimitSizing): string[] {
  const flagged = sizing.services.filter((s) => s.kind === 'close' || s.kind === 'oversized' || s.applied);
  const measured = sizing.services.filter((s) => s.kind !== 'no-history').length;
  const lines = [
    `limits sized from measured use (last ${sizing.windowDays} days; ${measured} of ${sizing.services.length} services measured)`,
  ];
  if (flagged.length === 0) lines.push('  none to change');
  for (const s of flagged) {
    const mark = s.applied ? 'applied' : s.kind === 'close' ? 'close to its limit' : 'limit far above use';
    lines.push(`  [${mark}] ${s.service}: ${s.reason}`);
    if (s.recommended)
      lines.push(
        `      recommended: limit ${formatBytes(s.recommended.limitBytes)}, reservation ${formatBytes(s.recommended.reservationBytes)} (now ${formatBytes(s.limitBytes ?? undefined, 'none')}, ${formatBytes(s.reservationBytes ?? undefined, 'none')})`,
      );
  }
  lines.push(`Apply or undo them on the Hardware page; applied ones go to ${sizing.overrideFile}.`);
  return lines;
}

function homeWarning(access: HomeAccess): string {
  const files = access.openFiles.length ? `; readable files in it: ${access.openFiles.join(', ')}` : '';
  return `other users of this machine can enter ${access.path} (mode ${access.mode}), where the app keeps its database and the stack's generated secrets${files}`;
}
