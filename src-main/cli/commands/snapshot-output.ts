import type {
  CapturePlan,
  CloneReport,
  RestorePlan,
  RestoreReport,
  SnapshotProgress,
  SnapshotSummary,
  VerifyReport,
} from '../../../src-shared/api';
import { formatBytes } from '../../../src-shared/format';

/** The plan as `snapshot create` prints it before it starts. */
export function planText(plan: CapturePlan): string {
  const lines = [`Snapshot of ${plan.project} into ${plan.destination}:`];
  for (const s of plan.services) {
    const size = formatBytes(s.volumes.reduce((a, v) => a + v.sizeBytes, 0));
    lines.push(`  ${s.service.padEnd(18)} ${s.method.padEnd(16)} ${size.padStart(10)}  ${s.reason}`);
  }
  for (const v of plan.otherVolumes)
    lines.push(
      `  ${v.key.padEnd(18)} ${'offline'.padEnd(16)} ${formatBytes(v.sizeBytes).padStart(10)}  mounted by no container`,
    );
  for (const k of plan.skipped)
    lines.push(`  ${k.key.padEnd(18)} ${'left out'.padEnd(16)} ${''.padStart(10)}  ${k.reason}`);
  lines.push(
    `  models: ${plan.models.listed ? `${plan.models.count} listed by name and digest` : `not listed (${plan.models.error ?? 'Ollama did not answer'})`}`,
  );
  if (!plan.helperImage.present) lines.push(`  the helper image ${plan.helperImage.image} is pulled first`);
  return lines.join('\n') + '\n';
}

/** Progress lines: each phase change, and every 10 % of the bytes. */
export function progressPrinter(out: (t: string) => void): (p: SnapshotProgress) => void {
  let last = '';
  let lastTenth = -1;
  return (p) => {
    const key = `${p.phase} ${p.service ?? ''} ${p.volume ?? ''}`;
    const tenth = p.bytesTotal > 0 ? Math.floor((p.bytesDone / p.bytesTotal) * 10) : -1;
    if (key === last && (p.phase !== 'capturing' || tenth === lastTenth)) return;
    last = key;
    lastTenth = tenth;
    const where = [p.service, p.volume].filter(Boolean).join(' ');
    const bytes =
      p.phase === 'capturing' && p.bytesTotal > 0
        ? `, ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`
        : '';
    out(`${p.phase.padEnd(13)} ${where ? `${where}: ` : ''}${p.message}${bytes}\n`);
  };
}

export function listText(list: SnapshotSummary[]): string {
  if (list.length === 0) return 'no snapshots yet\n';
  return (
    list
      .map((s) => {
        const verified = s.verified ? (s.verified.ok ? 'verified' : 'FAILED verification') : 'not verified';
        const methods = s.services.map((x) => `${x.service}:${x.method}`).join(' ');
        return `${s.id}  ${s.createdAt}  ${formatBytes(s.archiveBytes).padStart(9)}  ${s.trigger.padEnd(8)} ${verified.padEnd(19)} ${methods}${s.label ? `  "${s.label}"` : ''}`;
      })
      .join('\n') + '\n'
  );
}

export function verifyText(r: VerifyReport): string {
  const bad = r.files.filter((f) => !f.ok);
  return bad.length === 0
    ? `✓ ${r.id}: ${r.files.length} files match their SHA-256\n`
    : `✗ ${r.id}: ${bad.length} of ${r.files.length} files do not match\n${bad.map((f) => `  ${f.file}: ${f.problem}`).join('\n')}\n`;
}

export function restorePlanText(p: RestorePlan): string {
  const lines = [`Restoring ${p.id} (taken ${p.snapshotCreatedAt}) into ${p.project} overwrites:`];
  for (const v of p.volumes) {
    const now = v.currentBytes === null ? 'does not exist (created)' : `${formatBytes(v.currentBytes)} now`;
    const changed = v.lastChangedAt ? `, last changed ${v.lastChangedAt}` : '';
    lines.push(
      `  ${v.name.padEnd(28)} ${now}${changed} → ${formatBytes(v.snapshotBytes)} from the snapshot (${v.method})`,
    );
  }
  lines.push(`  everything written after ${p.snapshotCreatedAt} to these volumes is lost`);
  if (p.stops.length) lines.push(`  stopped meanwhile, then started again: ${p.stops.join(', ')}`);
  lines.push(`  stack.env: ${p.secrets}; override: ${p.override}`);
  for (const w of p.warnings) lines.push(`  ! ${w}`);
  if (p.modelsMissing.length) lines.push(`  models not in Ollama now (pull them again): ${p.modelsMissing.join(', ')}`);
  return lines.join('\n') + '\n';
}

export function restoreText(r: RestoreReport): string {
  const lines = [`✓ restored ${r.id} into ${r.project} in ${(r.durationMs / 1000).toFixed(1)} s`];
  for (const s of r.started)
    lines.push(`  ${s.service.padEnd(18)} ${s.ready ? 'ready' : `NOT READY: ${s.error ?? ''}`}`);
  for (const f of r.keptAside) lines.push(`  kept aside: ${f}`);
  for (const w of r.warnings) lines.push(`  ! ${w}`);
  if (r.modelsMissing.length) lines.push(`  models to pull again: ${r.modelsMissing.join(', ')}`);
  return lines.join('\n') + '\n';
}

export function cloneText(r: CloneReport): string {
  const lines = [`✓ cloned ${r.id} into project ${r.project} (${r.folder}) in ${(r.durationMs / 1000).toFixed(1)} s`];
  for (const p of r.ports)
    lines.push(`  ${p.service}: port ${p.from} is ${p.to} in the clone (${p.containerPort}/${p.protocol})`);
  for (const s of r.started)
    lines.push(`  ${s.service.padEnd(18)} ${s.ready ? 'ready' : `NOT READY: ${s.error ?? ''}`}`);
  for (const w of r.warnings) lines.push(`  ! ${w}`);
  lines.push(`  stop it with: sutazai down --project ${r.project} --volumes`);
  return lines.join('\n') + '\n';
}
