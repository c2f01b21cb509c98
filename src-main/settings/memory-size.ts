const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

export const MIN_BUDGET_BYTES = 64 * 1024 ** 2;

/**
 * A memory size as people write it for compose and Docker: `12G`, `12 GiB`, `512M`, `1.5g`
 * (binary units, as `docker run -m` reads them). Plain numbers are bytes.
 */
export function parseMemorySize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(text);
  if (!m) throw new Error(`"${text}" is not a size: write e.g. 12G, 12 GiB or 512M`);
  return Math.round(Number(m[1]) * UNITS[m[2]!.toUpperCase()]!);
}

/** 12884901888 -> "12 GiB", 536870912 -> "512 MiB". */
export function formatMemorySize(bytes: number): string {
  for (const [unit, size] of [
    ['TiB', 1024 ** 4],
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
  ] as const) {
    if (bytes >= size) return `${Math.round((bytes / size) * 100) / 100} ${unit}`;
  }
  return `${bytes} B`;
}
