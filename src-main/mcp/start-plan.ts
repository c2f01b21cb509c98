import type { StackService } from '../stack';

export interface StartPlan {
  profiles: string[];
  services: { service: string; tier: string; running: boolean; reservationBytes: number; limitBytes: number }[];
  /** Memory of the services not yet running. */
  toStart: { reservationBytes: number; limitBytes: number };
  host: { totalBytes: number; availableBytes: number };
  /** The reservations of what would start fit in the memory available now. */
  fits: boolean;
  /** Services whose settings give their container part of the host, not yet confirmed by the user. */
  needsConfirmation: { service: string; settings: string[] }[];
  summary: string;
}

const gib = (b: number): string => `${(b / 2 ** 30).toFixed(1)} GiB`;

/**
 * What `up` of these profiles would start and what memory that asks for, against what the host
 * has available now; read from the compose model and the engine, changing nothing.
 */
export async function planStart(
  stack: StackService,
  profiles: string[],
  host: { totalBytes: number; availableBytes: number },
): Promise<StartPlan> {
  const model = stack.load(profiles);
  const running = new Set((await stack.ps()).filter((s) => s.state === 'running').map((s) => s.service));
  const services = Object.values(model.services).map((s) => ({
    service: s.name,
    tier: s.labels['ai.sutazai.tier'] ?? 'optional',
    running: running.has(s.name),
    reservationBytes: s.reservations.memoryBytes ?? 0,
    limitBytes: s.limits.memoryBytes ?? 0,
  }));
  const pending = services.filter((s) => !s.running);
  const toStart = {
    reservationBytes: pending.reduce((n, s) => n + s.reservationBytes, 0),
    limitBytes: pending.reduce((n, s) => n + s.limitBytes, 0),
  };
  const needsConfirmation = stack
    .risks(profiles)
    .filter((r) => !r.acknowledged)
    .map((r) => ({ service: r.service, settings: r.settings.map((d) => d.setting) }));
  const fits = toStart.reservationBytes <= host.availableBytes;
  const summary = [
    `Starting ${profiles.join(', ')}: ${pending.length} of ${services.length} services would start (${pending.map((s) => s.service).join(', ') || 'none'}).`,
    `They reserve ${gib(toStart.reservationBytes)} and may use up to ${gib(toStart.limitBytes)}; the host has ${gib(host.availableBytes)} available of ${gib(host.totalBytes)}: ${fits ? 'the reservations fit' : 'the reservations do not fit'}.`,
    needsConfirmation.length
      ? `Needs the user's confirmation first (settings that give containers part of the host): ${needsConfirmation.map((n) => n.service).join(', ')}.`
      : 'No setting needs confirmation.',
  ].join('\n');
  return { profiles, services, toStart, host, fits, needsConfirmation, summary };
}
