/** Bytes in binary units with one decimal (`1.5 GiB`, `512 B`); `missing` when there is no figure. */
export function formatBytes(bytes: number | undefined, missing = '–'): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return missing;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** A memory size as events and errors state it: whole MiB below 1 GiB, GiB with one decimal from there. */
export function formatMemory(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
