// How people type a room into the search box, and what scanners send. Staff write `3-2-1502`, `3栋2单元1502室`
// or `HY-3-2-1502`, often with a Chinese input method's full-width digits and dashes (３－２－１５０２);
// scanners send our printed ids (F000001234) and RFID readers 24-hex-digit EPCs. Search routes on these.

export interface RoomRef {
  estate?: string;
  building: string;
  unit: string;
  room: string;
}

/** Our printed ids: one letter for what the label is on, then nine digits. */
export const BARCODE_PREFIXES = {
  F: 'folder',
  B: 'box',
  K: 'key',
  S: 'shelf',
  C: 'cabinet',
  U: 'badge',
} as const;
export type BarcodeKind = (typeof BARCODE_PREFIXES)[keyof typeof BARCODE_PREFIXES];

export type SearchRoute =
  | { kind: 'barcode'; text: string; barcodeKind: BarcodeKind }
  | { kind: 'epc'; text: string }
  | { kind: 'room'; text: string; room: RoomRef }
  | { kind: 'text'; text: string };

// Dash look-alikes that NFKC leaves alone: hyphen, non-breaking hyphen, figure dash, en/em dash, minus.
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
const CODE = '[A-Z0-9]+';
const HAN = '\\p{Script=Han}';
const BUILDING = '(?:号楼|號樓|栋|棟|幢|座|号|號)';
const UNIT = '(?:单元|單元)';
const ROOM_SUFFIX = '(?:室|号|號|房)?';

const DASHED = new RegExp(`^(?:([A-Z0-9${HAN}]+)-)?(${CODE})-(${CODE})-(${CODE})${ROOM_SUFFIX}$`, 'u');
// An estate before the Chinese form is either Chinese (海悦花园3栋…) or a code ended by '-' (HY-3栋…).
const WRITTEN = new RegExp(
  `^(?:(${HAN}+)|([A-Z0-9${HAN}]+)-)?(${CODE})${BUILDING}-?(${CODE})${UNIT}-?(${CODE})${ROOM_SUFFIX}$`,
  'u',
);

/** Folds full-width forms and dash look-alikes, trims and uppercases: `ｈｙ－３` → `HY-3`. */
export function normalizeTyped(input: string): string {
  return input.normalize('NFKC').replace(DASHES, '-').trim().toUpperCase();
}

/** Spaces between two codes act as a dash (`3 2 1502`); all other spaces are dropped (`3栋 2单元`). */
function collapseSpaces(text: string): string {
  return text
    .replace(/\s*-\s*/g, '-')
    .replace(/([A-Z0-9])\s+(?=[A-Z0-9])/g, '$1-')
    .replace(/\s+/g, '');
}

/** Reads a room as people write it; null when the text is not one. */
export function parseRoomRef(input: string): RoomRef | null {
  const text = collapseSpaces(normalizeTyped(input));
  const dashed = DASHED.exec(text);
  if (dashed) return build(dashed[1], dashed[2], dashed[3], dashed[4]);
  const written = WRITTEN.exec(text);
  if (written) return build(written[1] ?? written[2], written[3], written[4], written[5]);
  return null;
}

function build(estate: string | undefined, building?: string, unit?: string, room?: string): RoomRef | null {
  if (!building || !unit || !room) return null;
  return estate ? { estate, building, unit, room } : { building, unit, room };
}

/** The kind of one of our printed ids (`F000001234` → folder), or null. */
export function barcodeKind(input: string): BarcodeKind | null {
  const text = normalizeTyped(input);
  if (!/^[FBKSCU]\d{9}$/.test(text)) return null;
  return BARCODE_PREFIXES[text[0] as keyof typeof BARCODE_PREFIXES];
}

export function looksLikeBarcode(input: string): boolean {
  return barcodeKind(input) !== null;
}

/** An EPC-96 as readers report it: 24 hexadecimal digits. */
export function looksLikeEpc(input: string): boolean {
  return /^[0-9A-F]{24}$/.test(normalizeTyped(input));
}

/**
 * Decides what a search box entry most likely is. `text` is always the normalised entry, so a search that
 * routes to `room` can still try it as an archive number (GC-2026-0007 also reads as building-unit-room).
 */
export function routeSearch(input: string): SearchRoute {
  const text = normalizeTyped(input);
  const kind = barcodeKind(text);
  if (kind) return { kind: 'barcode', text, barcodeKind: kind };
  if (looksLikeEpc(text)) return { kind: 'epc', text };
  const room = parseRoomRef(text);
  if (room) return { kind: 'room', text, room };
  return { kind: 'text', text };
}
