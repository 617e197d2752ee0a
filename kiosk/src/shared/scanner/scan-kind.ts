// What a scanned code is, before the kiosk decides what to do with it. Pure: no DOM, no network.
//
// Our printed ids are one kind letter and nine digits (server/domain/room-ref.ts BARCODE_PREFIXES,
// hardware/epc/item-id.ts): U badge, F folder, B box, K key, S shelf, C cabinet. Shelf and cabinet labels
// print the location's code instead (server/store/labels-data.ts locationLabelData), e.g. `R1-C01-S2`
// (shelf), `R1-C01` (cabinet), `R1-K01-P03` (a key hook, printed with the shelf template).
//
// RFID readers and some scanners send the tag's EPC, 24 hex digits. The kiosk may not import hardware/ at
// run time, so the GIAI-96 decoding below is a port of hardware/epc/giai96.ts decodeGiai96 and
// hardware/epc/mapping.ts assetReferenceToItemId, which stay the source of truth;
// tests/unit/kiosk-scan-kind-epc.test.ts checks that both agree. The company prefix is configured on the
// server only, so the kiosk does not check it: an EPC of a folder, box or key is looked up on the server
// (which does), never turned into a barcode here.

export type ScanKind = 'badge' | 'folder' | 'box' | 'key' | 'shelf' | 'cabinet' | 'epc' | 'unknown';

export interface ScannedCode {
  kind: ScanKind;
  /** The code as scanned, trimmed, full-width forms folded and upper-cased: what is sent to the server. */
  code: string;
  /** Our printed id (`F000001234`), also when it was decoded from an EPC or a GS1 (8004) element string. */
  id?: string;
  /** The EPC when the code was one (24 upper-case hex digits). */
  epc?: string;
}

const LETTERS = {
  U: 'badge',
  F: 'folder',
  B: 'box',
  K: 'key',
  S: 'shelf',
  C: 'cabinet',
} as const satisfies Record<string, ScanKind>;
type Letter = keyof typeof LETTERS;

const PRINTED_ID = /^([UFBKSC])\d{9}$/;
const EPC_HEX = /^[0-9A-F]{24}$/;
/** GS1-128 AI 8004 (GIAI): company prefix (6..12 digits) then our 10-digit asset reference. */
const GIAI_ELEMENT = /^8004\d{6,12}([1-6]\d{9})$/;
/** A location code rooted at a room: `R1-C01`, `R1-C01-S2`, `R1-K01-P03`; the last segment says the kind. */
const ROOM_ROOTED = /^R\d+(?:-[A-Z]+\d+)+$/;
/** The other location code shape in use (migrations: `S-R1-C03-2`). */
const SHELF_DASHED = /^S-[A-Z0-9]+(?:-[A-Z0-9]+)+$/;

/** Kind digit of the asset reference → letter (hardware/epc/mapping.ts LETTER_BY_DIGIT). */
const LETTER_BY_DIGIT: readonly (Letter | undefined)[] = [undefined, 'F', 'B', 'K', 'S', 'C', 'U'];

/** GIAI-96 partitions (GS1 Tag Data Standard; hardware/epc/giai96.ts GIAI96_PARTITIONS). */
const PARTITIONS: ReadonlyArray<{ prefixBits: number; prefixDigits: number; assetBits: number }> = [
  { prefixBits: 40, prefixDigits: 12, assetBits: 42 },
  { prefixBits: 37, prefixDigits: 11, assetBits: 45 },
  { prefixBits: 34, prefixDigits: 10, assetBits: 48 },
  { prefixBits: 30, prefixDigits: 9, assetBits: 52 },
  { prefixBits: 27, prefixDigits: 8, assetBits: 55 },
  { prefixBits: 24, prefixDigits: 7, assetBits: 58 },
  { prefixBits: 20, prefixDigits: 6, assetBits: 62 },
];

export interface Giai96Fields {
  filter: number;
  companyPrefix: string;
  assetReference: string;
}

/** Decodes 24 hex digits as GIAI-96 (header 0x34); null when they are not one. */
export function decodeGiai96Hex(hex: string): Giai96Fields | null {
  if (!/^[0-9A-Fa-f]{24}$/.test(hex)) return null;
  const bits = BigInt(`0x${hex}`);
  if (bits >> 88n !== 0x34n) return null;
  const filter = Number((bits >> 85n) & 7n);
  const row = PARTITIONS[Number((bits >> 82n) & 7n)];
  if (!row) return null;
  const asset = bits & ((1n << BigInt(row.assetBits)) - 1n);
  const prefix = (bits >> BigInt(row.assetBits)) & ((1n << BigInt(row.prefixBits)) - 1n);
  if (prefix >= 10n ** BigInt(row.prefixDigits)) return null;
  return {
    filter,
    companyPrefix: prefix.toString().padStart(row.prefixDigits, '0'),
    assetReference: asset.toString(),
  };
}

/** Our asset reference (kind digit + 9 digits) → printed id; null when it is not one of ours. */
export function assetReferenceToId(assetReference: string): string | null {
  if (!/^[1-6]\d{9}$/.test(assetReference)) return null;
  const letter = LETTER_BY_DIGIT[Number(assetReference[0])];
  return letter ? letter + assetReference.slice(1) : null;
}

/** Folds full-width forms (an input method's ＦＯＯ１), dash look-alikes and case: what a scan means. */
export function normalizeCode(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .trim()
    .toUpperCase();
}

function locationKind(code: string): 'shelf' | 'cabinet' | null {
  if (SHELF_DASHED.test(code)) return 'shelf';
  if (!ROOM_ROOTED.test(code)) return null;
  const last = code.slice(code.lastIndexOf('-') + 1);
  if (/^[SP]\d+$/.test(last)) return 'shelf';
  if (/^[CK]\d+$/.test(last)) return 'cabinet';
  return null;
}

/** What a scanned or typed code is. */
export function classifyScan(raw: string): ScannedCode {
  const code = normalizeCode(raw);
  const printed = PRINTED_ID.exec(code);
  if (printed) return { kind: LETTERS[printed[1] as Letter], code, id: code };
  if (EPC_HEX.test(code)) {
    const giai = decodeGiai96Hex(code);
    const id = giai ? assetReferenceToId(giai.assetReference) : null;
    if (!id) return { kind: 'epc', code, epc: code };
    return { kind: LETTERS[id[0] as Letter], code, id, epc: code };
  }
  const element = GIAI_ELEMENT.exec(code);
  if (element) {
    const id = assetReferenceToId(element[1]!);
    if (id) return { kind: LETTERS[id[0] as Letter], code: id, id };
  }
  const place = locationKind(code);
  if (place) return { kind: place, code };
  return { kind: 'unknown', code };
}

/** Whether the kiosk can look the code up as a folder, box or key (an EPC we cannot place included). */
export const isItemScan = (s: ScannedCode): boolean =>
  s.kind === 'folder' || s.kind === 'box' || s.kind === 'key' || s.kind === 'epc';
