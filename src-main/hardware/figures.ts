const GiB = 1024 ** 3;

/** Bytes as GiB with one decimal ("0.9", "23.0"), the unit the recommendations speak in. */
export function gib(bytes: number): string {
  return (bytes / GiB).toFixed(1);
}

/** Bytes as a compose memory value in whole MiB ("1536m"), so the override file stays readable. */
export function composeMemory(bytes: number): string {
  return `${Math.floor(bytes / 1024 ** 2)}m`;
}

export const GIB = GiB;
