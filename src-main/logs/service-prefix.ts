/** Bright and normal ANSI foreground colours that read on a dark and a light background. */
const PALETTE = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94, 91, 31];

/** The same service gets the same colour in every view and every run (a hash of its name). */
export function serviceColor(service: string): number {
  let h = 2166136261;
  for (let i = 0; i < service.length; i++) h = Math.imul(h ^ service.charCodeAt(i), 16777619);
  return PALETTE[(h >>> 0) % PALETTE.length]!;
}

/** `name | ` padded to `width`, coloured when `color` is set. */
export function servicePrefix(service: string, width: number, color: boolean): string {
  const label = `${service.padEnd(width)} | `;
  return color ? `\u001b[${serviceColor(service)}m${label}\u001b[0m` : label;
}
