// Unit conversions shared by every renderer: templates work in millimetres, printers in dots,
// PDF in points.

export const MM_PER_INCH = 25.4;
export const PT_PER_MM = 72 / MM_PER_INCH;

/** Print resolutions label printers ship with. */
export type Dpi = 203 | 300 | 600;

export function dotsPerMm(dpi: number): number {
  return dpi / MM_PER_INCH;
}

/** Millimetres to whole printer dots (rounded: positions snap to the nearest dot). */
export function mmToDots(mm: number, dpi: number): number {
  return Math.round((mm * dpi) / MM_PER_INCH);
}

export function dotsToMm(dots: number, dpi: number): number {
  return (dots * MM_PER_INCH) / dpi;
}

export function mmToPt(mm: number): number {
  return mm * PT_PER_MM;
}

/** Short decimal for SVG/CSS output: stable text, no float noise like 0.30000000000000004. */
export function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
