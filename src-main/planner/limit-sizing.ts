import type { ServiceSpec } from '../../src-shared/api';
import type { LimitAdvice } from '../../src-shared/api/features/planner';
import { formatMemory } from '../../src-shared/format';
import { describeUsage, minutesOver, span, type ServiceUsage } from './service-usage';

const MiB = 1024 * 1024;
const HOUR = 3_600_000;

/** Sizing needs at least an hour of a service's history. */
export const MIN_SIZING_WINDOW_MS = HOUR;
/** Minutes above 90 % of the limit in the window that count as running close to it (the alert rule's 5 minutes). */
export const CLOSE_MINUTES = 5;

export const roundUp64 = (bytes: number) => Math.ceil(bytes / (64 * MiB)) * 64 * MiB;

export function sizingId(service: string): string {
  return `limit-sizing:${service}`;
}

/**
 * A service's limit and reservation against its measured use: the p99 of its working set over the
 * window and its trend. A limit far above use (p99 under half of it, 256 MiB or more to give back)
 * or a reservation well above use holds memory back for nothing; over 90 % of the limit for 5
 * minutes or more, or an OOM kill, is running close to it. The advice: a limit of the p99 grown by
 * a week of its trend, plus a quarter (at least 128 MiB), and a reservation of its p95, in 64 MiB steps.
 */
export function sizeLimit(
  spec: ServiceSpec,
  usage: ServiceUsage | undefined,
  oomKills: number,
  applied: boolean,
): LimitAdvice {
  const limit = spec.limits.memoryBytes ?? null;
  const reservation = spec.reservations.memoryBytes ?? null;
  const base = {
    service: spec.name,
    tier: spec.tier,
    limitBytes: limit,
    reservationBytes: reservation,
    oomKills,
    applied,
  };
  if (!usage || usage.windowMs < MIN_SIZING_WINDOW_MS) {
    return {
      ...base,
      kind: 'no-history',
      reason: usage
        ? `${span(usage.windowMs)} of history so far; sizing needs an hour`
        : 'no measured history yet: the app measures a service while it runs',
      p95Bytes: usage?.p95Bytes ?? null,
      p99Bytes: usage?.p99Bytes ?? null,
      peakBytes: usage?.peakBytes ?? null,
      trendBytesPerDay: usage?.trendBytesPerDay ?? null,
      minutesOver90: 0,
      windowMs: usage?.windowMs ?? 0,
      points: usage?.points ?? 0,
      source: usage ? describeUsage(usage, 'p99') : `no points in ${`svc.${spec.name}.mem_bytes`}`,
      recommended: null,
    };
  }
  const growth = Math.max(0, usage.trendBytesPerDay ?? 0) * 7;
  const projected = usage.p99Bytes + growth;
  let recLimit = roundUp64(Math.max(projected * 1.25, projected + 128 * MiB));
  const recReservation = Math.min(roundUp64(Math.max(usage.p95Bytes, 16 * MiB)), recLimit);
  const over = limit ? minutesOver(usage, limit) : 0;
  const close = oomKills > 0 || over >= CLOSE_MINUTES;
  if (close && limit) {
    recLimit = Math.max(recLimit, roundUp64(usage.peakBytes * 1.25), oomKills > 0 ? roundUp64(limit * 1.5) : 0);
  }
  const limitOversized = limit !== null && usage.p99Bytes < limit / 2 && limit - recLimit >= 256 * MiB;
  const reservationOversized =
    reservation !== null && reservation > usage.p99Bytes * 1.5 && reservation - recReservation >= 256 * MiB;
  const kind = close ? 'close' : limitOversized || reservationOversized ? 'oversized' : 'ok';
  const used = `p99 ${formatMemory(usage.p99Bytes)} over ${span(usage.windowMs)}`;
  const trend =
    usage.trendBytesPerDay && Math.abs(usage.trendBytesPerDay) >= MiB
      ? `, ${usage.trendBytesPerDay > 0 ? 'growing' : 'shrinking'} ${formatMemory(Math.abs(usage.trendBytesPerDay))} a day`
      : '';
  const reason =
    kind === 'close'
      ? [
          oomKills > 0 ? `OOM-killed ${oomKills} time${oomKills === 1 ? '' : 's'}` : '',
          over > 0 ? `above 90 % of its ${formatMemory(limit ?? 0)} limit for ${over} min` : '',
        ]
          .filter(Boolean)
          .join(', ') + ` (${used}${trend})`
      : kind === 'oversized'
        ? limitOversized
          ? `uses ${used}${trend} of its ${formatMemory(limit!)} limit: ${formatMemory(limit! - recLimit)} held back for nothing`
          : `reserves ${formatMemory(reservation!)} but uses ${used}${trend}`
        : limit
          ? `${used}${trend} of its ${formatMemory(limit)} limit`
          : `${used}${trend}, no limit set`;
  return {
    ...base,
    kind,
    reason,
    p95Bytes: usage.p95Bytes,
    p99Bytes: usage.p99Bytes,
    peakBytes: usage.peakBytes,
    trendBytesPerDay: usage.trendBytesPerDay,
    minutesOver90: over,
    windowMs: usage.windowMs,
    points: usage.points,
    source: describeUsage(usage, 'p99'),
    recommended: kind === 'ok' ? null : { limitBytes: recLimit, reservationBytes: recReservation },
  };
}
