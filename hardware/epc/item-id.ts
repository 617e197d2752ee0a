// Dangan item ids as printed on barcodes: one kind letter + 9 digits, e.g. `F000001234`.

export const ITEM_KINDS = {
  F: 'folder',
  B: 'box',
  K: 'key',
  S: 'shelf',
  C: 'cabinet',
  U: 'user',
} as const;

export type ItemLetter = keyof typeof ITEM_KINDS;
export type ItemKind = (typeof ITEM_KINDS)[ItemLetter];

export interface ItemId {
  letter: ItemLetter;
  kind: ItemKind;
  /** 0 .. 999 999 999 */
  number: number;
}

export const ITEM_NUMBER_DIGITS = 9;
const ITEM_ID = /^([FBKSCU])(\d{9})$/;

/** Parses `F000001234`; returns null for anything else (case-sensitive, no spaces). */
export function parseItemId(text: string): ItemId | null {
  const m = ITEM_ID.exec(text);
  if (!m) return null;
  const letter = m[1] as ItemLetter;
  return { letter, kind: ITEM_KINDS[letter], number: Number(m[2]) };
}

export function formatItemId(letter: ItemLetter, number: number): string {
  if (!(letter in ITEM_KINDS)) throw new RangeError(`unknown item kind letter ${letter}`);
  if (!Number.isInteger(number) || number < 0 || number > 999_999_999) {
    throw new RangeError('item number must be 0..999999999');
  }
  return letter + String(number).padStart(ITEM_NUMBER_DIGITS, '0');
}
