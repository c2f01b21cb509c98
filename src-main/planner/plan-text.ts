import type { Plan, PlanAction, PlanDisk, PlanMemory } from '../../src-shared/api/features/planner';
import { formatMemory } from '../../src-shared/format';

export function describeAction(a: PlanAction): string {
  switch (a.kind) {
    case 'start-profile':
      return `start ${a.profiles.join(' + ')}`;
    case 'start-service':
      return `start ${a.service}`;
    case 'pull-model':
      return `pull ${a.model}`;
    case 'load-model':
      return `load ${a.model}${a.contextLength ? ` with a ${a.contextLength}-token context` : ''}`;
    case 'apply-limit':
      return `set ${a.service}'s memory limit to ${formatMemory(a.limitBytes)}`;
  }
}

export const pct = (share: number) => `${Math.round(share * 100)} %`;

export function budgetText(m: PlanMemory): string {
  return m.budgetSource === 'setting'
    ? `the ${formatMemory(m.budgetBytes)} memory budget`
    : `the host's ${formatMemory(m.budgetBytes)}`;
}

const names = (list: { service: string }[]) => list.map((s) => s.service).join(', ');

/** The verdict in one line, with the figure that decided it. */
export function summarize(
  verdict: Plan['verdict'],
  m: PlanMemory,
  disk: PlanDisk[],
  extra?: { limitNote?: string; unknownModel?: string },
): string {
  const text = verdictText(verdict, m, disk, extra);
  return extra?.unknownModel && verdict !== 'no-disk'
    ? `${text} (what ${extra.unknownModel} takes is unknown, so only what runs now was counted)`
    : text;
}

function verdictText(
  verdict: Plan['verdict'],
  m: PlanMemory,
  disk: PlanDisk[],
  extra?: { limitNote?: string },
): string {
  const usage = `${pct(m.usageAfter)} of ${budgetText(m)} after it (${pct(m.usageBefore)} now)`;
  switch (verdict) {
    case 'no-disk': {
      const d = disk.find((x) => !x.enough)!;
      return `not enough disk: ${d.needBytes ? `needs ${formatMemory(d.needBytes)} plus 1.0 GiB kept free` : 'under 1.0 GiB free'} at ${d.path} (${formatMemory(d.freeBytes ?? 0)} free)`;
    }
    case 'fits':
      return `fits: ${usage}`;
    case 'warn':
      return m.usageAfter >= m.shedOptionalAt
        ? `fits, but over the guard's shed line with nothing it may stop: ${usage}`
        : `fits, but crosses the guard's warning line (${pct(m.warnAt)}): ${usage}`;
    case 'shed':
      return `the guard would stop ${names(m.shed)} to make room: ${usage}, ${pct(m.usageAfterShed ?? m.usageAfter)} once ${m.shed.length === 1 ? 'it is' : 'they are'} stopped${m.guardDryRun ? ' (the guard is in dry run: it would only log)' : ''}`;
    case 'no-fit':
      if (extra?.limitNote) return `would not fit: ${extra.limitNote}`;
      return `would not fit even so: ${pct(m.usageAfterShed ?? m.usageAfter)} of ${budgetText(m)}${m.shed.length ? ` after the guard stops ${names(m.shed)}` : ''}${m.hostAvailableAfterBytes < 0 ? `, ${formatMemory(-m.hostAvailableAfterBytes)} more than the host has` : ''}; ${m.oomOrder.length ? `if memory runs out the kernel kills ${names(m.oomOrder)} first` : 'nothing of the stack can make room: the kernel would kill the largest process'}`;
  }
}

/** The plan as the CLI prints it. */
export function planLines(plan: Plan): string[] {
  const m = plan.memory;
  const lines = [`Plan: ${describeAction(plan.action)} (project ${plan.project}): ${plan.summary}`];
  lines.push(
    `  memory: stack ${formatMemory(m.stackBeforeBytes)} now, ${formatMemory(m.stackAfterBytes)} after; ` +
      `${pct(m.usageBefore)} → ${pct(m.usageAfter)} of ${budgetText(m)} (warning at ${pct(m.warnAt)}, shedding at ${pct(m.shedOptionalAt)})`,
  );
  for (const s of plan.services)
    lines.push(
      `  ${s.from === 'running' ? 'runs already' : 'starts'}: ${s.service} (${s.tier}) ${formatMemory(s.bytes)}, ${s.source}`,
    );
  if (plan.model) lines.push(`  model: ${plan.model.model}: ${plan.model.note}`);
  if (plan.limit)
    lines.push(
      `  limit: ${plan.limit.service} expected ${formatMemory(plan.limit.expectedBytes)} (${plan.limit.source})`,
    );
  for (const s of m.shed)
    lines.push(
      `  the guard would stop ${s.service} (${s.tier}, ${formatMemory(s.bytes)}): ${pct(s.usageBefore)} → ${pct(s.usageAfter)}`,
    );
  for (const v of m.oomOrder)
    lines.push(
      `  the kernel would kill ${v.service} (${v.tier}, oom_score_adj ${v.oomScoreAdj}, ${formatMemory(v.bytes)})${v.startedByAction ? ', one this starts' : ''}`,
    );
  for (const d of plan.disk)
    lines.push(
      `  disk ${d.label}: ${d.freeBytes === null ? 'unknown' : `${formatMemory(d.freeBytes)} free`}${d.needBytes ? `, needs ${formatMemory(d.needBytes)}` : ''} at ${d.path}${d.enough ? '' : ' (NOT ENOUGH)'}`,
    );
  for (const f of plan.inputs) lines.push(`  read: ${f.label} ${f.value} (${f.source})`);
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  return lines;
}
