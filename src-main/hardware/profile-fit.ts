import type { ProfileFit } from '../../src-shared/api/features/hardware';
import type { Tier } from '../../src-shared/api';
import { GIB } from './figures';

export interface ServiceMemory {
  name: string;
  tier: Tier;
  limitBytes?: number;
  reservationBytes?: number;
}

export interface ProfileMemory {
  name: string;
  services: ServiceMemory[];
}

export const HEADROOM_RULE = 'the larger of 2 GiB and 15 % of RAM, kept for the OS, the engine and this app';

/** Memory kept free beside the stack: the larger of 2 GiB and 15 % of RAM. */
export function headroomFor(memTotalBytes: number): number {
  return Math.max(2 * GIB, Math.round(memTotalBytes * 0.15));
}

/** Each profile's reservations (and limits) plus headroom against RAM, as the loader resolved them. */
export function profileFits(profiles: ProfileMemory[], memTotalBytes: number): ProfileFit[] {
  const headroomBytes = headroomFor(memTotalBytes);
  return profiles.map((p) => {
    const reservationsBytes = p.services.reduce((a, s) => a + (s.reservationBytes ?? 0), 0);
    const limitsBytes = p.services.reduce((a, s) => a + (s.limitBytes ?? s.reservationBytes ?? 0), 0);
    return {
      profile: p.name,
      services: p.services.length,
      reservationsBytes,
      limitsBytes,
      headroomBytes,
      memTotalBytes,
      fits: reservationsBytes + headroomBytes <= memTotalBytes,
      limitsFit: limitsBytes + headroomBytes <= memTotalBytes,
    };
  });
}
