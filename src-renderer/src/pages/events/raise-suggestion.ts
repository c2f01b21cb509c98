const MiB = 1024 * 1024;
const STEP = 64 * MiB;

/**
 * The limit to offer after an OOM kill: half as much again as the old limit, or a quarter above
 * the peak the service reached if that is more, rounded up to 64 MiB. Undefined when the event
 * carries no limit (the container had none, so there is nothing to raise).
 */
export function suggestedLimit(data: Record<string, unknown> | undefined): number | undefined {
  const limit = typeof data?.limitBytes === 'number' && data.limitBytes > 0 ? data.limitBytes : undefined;
  if (!limit) return undefined;
  const peak = typeof data?.peakBytes === 'number' ? data.peakBytes : 0;
  const wanted = Math.max(limit * 1.5, peak * 1.25);
  return Math.ceil(wanted / STEP) * STEP;
}
