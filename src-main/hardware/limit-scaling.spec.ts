import { describe, expect, it } from 'vitest';
import { scaleLimits } from './limit-scaling';
import { headroomFor, profileFits, type ServiceMemory } from './profile-fit';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const services: ServiceMemory[] = [
  { name: 'ollama', tier: 'critical', limitBytes: 4 * GiB, reservationBytes: 1 * GiB },
  { name: 'postgres', tier: 'critical', limitBytes: 1 * GiB, reservationBytes: 256 * MiB },
  { name: 'qdrant', tier: 'core', limitBytes: 2 * GiB, reservationBytes: 256 * MiB },
  { name: 'grafana', tier: 'optional', limitBytes: 1 * GiB, reservationBytes: 128 * MiB },
  { name: 'flowise', tier: 'optional', limitBytes: 2 * GiB, reservationBytes: 256 * MiB },
];

describe('profileFits', () => {
  it('keeps the larger of 2 GiB and 15 % of RAM as headroom', () => {
    expect(headroomFor(8 * GiB)).toBe(2 * GiB);
    expect(headroomFor(64 * GiB)).toBe(Math.round(64 * GiB * 0.15));
  });

  it('fits a profile by reservations plus headroom, and says whether its limits fit too', () => {
    const [fit] = profileFits([{ name: 'p', services }], 8 * GiB);
    expect(fit).toMatchObject({
      profile: 'p',
      services: 5,
      reservationsBytes: 1.875 * GiB,
      limitsBytes: 10 * GiB,
      headroomBytes: 2 * GiB,
      fits: true,
      limitsFit: false,
    });
    expect(profileFits([{ name: 'p', services }], 3 * GiB)[0]!.fits).toBe(false);
  });
});

describe('scaleLimits', () => {
  it('on a small host cuts optional services first, never below their reservation, and leaves critical ones alone', () => {
    const s = scaleLimits(services, 8 * GiB);
    expect(s.direction).toBe('down');
    expect(s.fits).toBe(true);
    expect(s.afterBytes).toBeLessThanOrEqual(8 * GiB);
    expect(Object.keys(s.limits).sort()).toEqual(['flowise', 'grafana']);
    expect(s.limits.grafana).toBeGreaterThanOrEqual(128 * MiB);
    expect(s.limits.flowise).toBeGreaterThanOrEqual(256 * MiB);
  });

  it('cuts core services only when optional ones are down to their reservations', () => {
    const s = scaleLimits(services, 6 * GiB);
    expect(s.limits.grafana).toBe(128 * MiB);
    expect(s.limits.flowise).toBe(256 * MiB);
    expect(s.limits.qdrant).toBeLessThan(2 * GiB);
    expect(s.limits.ollama).toBeUndefined();
    expect(s.fits).toBe(true);
  });

  it('says when even reservations do not fit', () => {
    const s = scaleLimits(services, 5 * GiB);
    expect(s.fits).toBe(false);
    expect(s.limits.qdrant).toBe(256 * MiB);
  });

  it('on a large host gives Ollama half of the spare memory', () => {
    const s = scaleLimits(services, 30 * GiB);
    expect(s.direction).toBe('up');
    expect(s.limits).toEqual({ ollama: 4 * GiB + 10 * GiB });
  });

  it('changes nothing when the limits fit with little to spare', () => {
    expect(scaleLimits(services, 11 * GiB)).toMatchObject({ direction: 'none', limits: {} });
  });
});
