import type { ProfileFit } from '../../src-shared/api/features/hardware';

const GIB = 1024 ** 3;
const gib = (b: number): string => (Math.round((b / GIB) * 10) / 10).toString();

/**
 * The profile the hardware optimizer sizes the stack for: the fitting profile with the largest
 * memory reservations (the same choice its memory-limit recommendation makes), and why.
 */
export function chooseProfile(fits: ProfileFit[]): { name: string; why: string } | null {
  const best = fits.filter((f) => f.fits).sort((a, b) => b.reservationsBytes - a.reservationsBytes)[0];
  if (!best) return null;
  const bigger = fits.filter((f) => !f.fits).map((f) => f.profile);
  return {
    name: best.profile,
    why:
      `Its ${best.services} services reserve ${gib(best.reservationsBytes)} GiB; with ${gib(best.headroomBytes)} GiB kept free for the system ` +
      `that fits in ${gib(best.memTotalBytes)} GiB RAM${bigger.length ? ` (${bigger.join(', ')} would not)` : ''}.`,
  };
}
