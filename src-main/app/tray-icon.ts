import { nativeImage, type NativeImage } from 'electron';

const COLORS = {
  ok: [0x3f, 0xb9, 0x50],
  warn: [0xd2, 0x99, 0x22],
  critical: [0xf8, 0x51, 0x49],
} as const;

export type TrayLevel = keyof typeof COLORS;

/** A small round icon drawn in code (BGRA bitmap), coloured by the memory level. */
export function trayIcon(level: TrayLevel, size = 32): NativeImage {
  const [r, g, b] = COLORS[level];
  const buf = Buffer.alloc(size * size * 4);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const alpha = Math.max(0, Math.min(1, size / 2 - 1 - d));
      const i = (y * size + x) * 4;
      buf[i] = b;
      buf[i + 1] = g;
      buf[i + 2] = r;
      buf[i + 3] = Math.round(alpha * 255);
    }
  }
  return nativeImage.createFromBitmap(buf, { width: size, height: size, scaleFactor: 2 });
}
