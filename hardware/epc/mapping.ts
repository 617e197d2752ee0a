// The project's one-number rule: a tagged item's barcode id and its EPC are a pure function of each other.
//
//   Barcode id  F000001234   (kind letter + 9 digits, printed as Code 128)
//   Kind digit  F=1 B=2 K=3 S=4 C=5 U=6
//   Asset ref   kind digit followed by the 9 digits: F000001234 -> 1000001234
//               (the kind digit is never 0, so the reference has no leading zero, as GIAI-96 requires;
//               10 digits fit every partition: the smallest field, 42 bits, holds 4.39e12)
//   EPC         GIAI-96 (header 0x34) with the configured GS1 Company Prefix, filter 0 by default.
//               Default prefix 9521234: GS1 prefix 952 is reserved for demonstrations and examples, so
//               a company with its own GS1 prefix MUST configure it before tagging real items.
//   GS1-128     the same identity as element string (8004) + prefix + asset ref, e.g. 80049521234 1000001234
//               (without spaces), accepted from scans as an alternative to the letter form.
//
// Example: prefix 9521234, F000001234 -> EPC 34164521480000003B9ACED2 (urn:epc:id:giai:9521234.1000001234).
import { decodeGiai96, encodeGiai96, EpcError } from './giai96.js';
import { formatItemId, parseItemId } from './item-id.js';
import type { ItemLetter } from './item-id.js';
import { fromHex, toHex } from '../common/hex.js';

export interface EpcMappingConfig {
  /** GS1 Company Prefix, 6..12 digits. */
  companyPrefix: string;
  /** GIAI filter value, 0..7 (0 = all others). */
  filter?: number;
}

export const DEMO_COMPANY_PREFIX = '9521234';

const KIND_DIGITS: Readonly<Record<ItemLetter, number>> = { F: 1, B: 2, K: 3, S: 4, C: 5, U: 6 };
const LETTER_BY_DIGIT: readonly (ItemLetter | undefined)[] = [undefined, 'F', 'B', 'K', 'S', 'C', 'U'];

export function itemIdToAssetReference(itemId: string): string {
  const id = parseItemId(itemId);
  if (!id) throw new EpcError(`not an item id: ${JSON.stringify(itemId)}`);
  return String(KIND_DIGITS[id.letter]) + itemId.slice(1);
}

/** Inverse of itemIdToAssetReference; null when the reference is not one of ours. */
export function assetReferenceToItemId(assetReference: string): string | null {
  if (!/^[1-6]\d{9}$/.test(assetReference)) return null;
  const letter = LETTER_BY_DIGIT[Number(assetReference[0])];
  return letter ? formatItemId(letter, Number(assetReference.slice(1))) : null;
}

/** Item id -> EPC as 24 uppercase hex digits. */
export function itemIdToEpc(itemId: string, cfg: EpcMappingConfig): string {
  const epc = encodeGiai96({
    filter: cfg.filter ?? 0,
    companyPrefix: cfg.companyPrefix,
    assetReference: itemIdToAssetReference(itemId),
  });
  return toHex(epc);
}

/**
 * EPC hex -> item id, or null when the tag is not ours: not GIAI-96, another company's prefix, or an asset
 * reference outside the scheme. Never throws on reader input.
 */
export function epcToItemId(epcHex: string, cfg: EpcMappingConfig): string | null {
  if (!/^[0-9A-Fa-f]{24}$/.test(epcHex)) return null;
  try {
    const giai = decodeGiai96(fromHex(epcHex));
    if (giai.companyPrefix !== cfg.companyPrefix) return null;
    return assetReferenceToItemId(giai.assetReference);
  } catch (err) {
    if (err instanceof EpcError) return null;
    throw err;
  }
}

/** GS1 element string for AI 8004 (GIAI), without parentheses, as a GS1-128 scan delivers it. */
export function itemIdToGiaiElement(itemId: string, cfg: EpcMappingConfig): string {
  return `8004${cfg.companyPrefix}${itemIdToAssetReference(itemId)}`;
}

/** Accepts either the letter form (`F000001234`) or the AI 8004 element string; null otherwise. */
export function scannedCodeToItemId(code: string, cfg: EpcMappingConfig): string | null {
  if (parseItemId(code)) return code;
  const prefix = `8004${cfg.companyPrefix}`;
  return code.startsWith(prefix) ? assetReferenceToItemId(code.slice(prefix.length)) : null;
}
