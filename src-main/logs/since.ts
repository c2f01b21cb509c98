const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * `--since` as `docker logs` takes it: a duration back from now (`90s`, `10m`, `2h`, `1d`, or
 * combined like `1h30m`), an RFC 3339 date or date-time, or seconds since the epoch. Returns
 * seconds since the epoch; a value it cannot read is a RangeError saying what it accepts.
 */
export function parseSince(value: string, now: number = Date.now()): number {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.floor(Number(v));
  if (/^(\d+[smhd])+$/.test(v)) {
    let seconds = 0;
    for (const [, n, unit] of v.matchAll(/(\d+)([smhd])/g)) seconds += Number(n) * UNITS[unit!]!;
    return Math.floor(now / 1000) - seconds;
  }
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return Math.floor(t / 1000);
  }
  throw new RangeError(
    `'${value}' is not a time: use a duration (30s, 10m, 2h, 1d), a date (2024-05-01T10:00:00Z) or seconds since the epoch`,
  );
}
