import type { Plan, PlanAction, PlanChoice, PlanVerdict } from '../../../../src-shared/api/features/planner';
import { formatBytes } from '../format';

export const VERDICT_WORDS: Record<PlanVerdict, string> = {
  fits: 'fits',
  warn: 'fits, crosses the warning line',
  shed: 'the guard would stop services',
  'no-fit': 'would not fit',
  'no-disk': 'not enough disk',
};

export const VERDICT_PILL: Record<PlanVerdict, string> = {
  fits: 'ok',
  warn: 'warn',
  shed: 'warn',
  'no-fit': 'bad',
  'no-disk': 'bad',
};

export function actionVerb(a: PlanAction): string {
  return {
    'start-profile': 'Start',
    'start-service': 'Start',
    'pull-model': 'Pull',
    'load-model': 'Load',
    'apply-limit': 'Apply',
  }[a.kind];
}

export function actionTitle(a: PlanAction): string {
  switch (a.kind) {
    case 'start-profile':
      return `start ${a.profiles.join(' + ')}`;
    case 'start-service':
      return `start ${a.service}`;
    case 'pull-model':
      return `pull ${a.model}`;
    case 'load-model':
      return `load ${a.model}`;
    case 'apply-limit':
      return `set ${a.service}'s limit to ${formatBytes(a.limitBytes)}`;
  }
}

export function choiceLabel(plan: Plan, c: Exclude<PlanChoice, { kind: 'cancel' }>): string {
  const verb = actionVerb(plan.action);
  switch (c.kind) {
    case 'anyway':
      return `${verb} anyway`;
    case 'without-optional':
      return `${verb} without the optional services (${c.leavesOut.join(', ')})`;
    case 'stop-first':
      return `Stop ${c.service} first (frees ${formatBytes(c.freesBytes)}), then ${verb.toLowerCase()}`;
  }
}

export const pct = (share: number) => `${Math.round(share * 100)} %`;
