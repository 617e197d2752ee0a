// The order labels of a building or a dossier come off the printer: the order the folders stand on the shelf.
// Building, unit and room compare as people count them (room 101, 102, …, 901, 1001 — not 1001 before 101
// as text would have it); then the dossier (a property's buyer file before its tenant file, by 档号), the
// folder group a–e and the volume. Files without a property follow, by 档号.
import type { FolderGroup } from './vocabulary.js';

const RUNS = /\d+|\D+/g;

function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

const plain = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Compares codes with their digit runs as whole numbers of any length (`9` < `10`, `3-2` < `3-10`,
 * `A101` < `A1001`), letters case-insensitively. Codes that differ only in leading zeros or case (`0801`
 * and `801`) are still ordered, by their text, so the order is total.
 */
export function compareNatural(a: string, b: string): number {
  const xs = a.toUpperCase().match(RUNS) ?? [];
  const ys = b.toUpperCase().match(RUNS) ?? [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    const xDigit = /^\d/.test(x);
    const yDigit = /^\d/.test(y);
    // At the same place a number sorts before letters (`3` < `A`).
    const c = xDigit && yDigit ? compareDigits(x, y) : xDigit !== yDigit ? (xDigit ? -1 : 1) : plain(x, y);
    if (c !== 0) return c;
  }
  if (xs.length !== ys.length) return xs.length < ys.length ? -1 : 1;
  return plain(a, b);
}

/** What decides a folder's (or box's) place in a job. */
export interface LabelOrderKey {
  estate: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  archiveNo: string | null;
  group: FolderGroup | null;
  volume: number;
  /** The printed id, last, so two folders never tie. */
  barcode: string;
}

/** Missing parts (no property, no group) sort after present ones. */
function compareOptional(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compareNatural(a, b);
}

export function compareLabelOrder(a: LabelOrderKey, b: LabelOrderKey): number {
  return (
    compareOptional(a.estate, b.estate) ||
    compareOptional(a.building, b.building) ||
    compareOptional(a.unit, b.unit) ||
    compareOptional(a.room, b.room) ||
    compareOptional(a.archiveNo, b.archiveNo) ||
    compareOptional(a.group, b.group) ||
    a.volume - b.volume ||
    compareNatural(a.barcode, b.barcode)
  );
}

/** A sorted copy of `records` in label order. */
export function inLabelOrder<T>(records: readonly T[], key: (record: T) => LabelOrderKey): T[] {
  return records
    .map((record) => ({ record, key: key(record) }))
    .sort((x, y) => compareLabelOrder(x.key, y.key))
    .map((x) => x.record);
}
