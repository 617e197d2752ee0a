// The kiosk decodes EPCs with its own port of the GIAI-96 rule (it may not import hardware/ at run time):
// this checks the port against hardware/epc, the source of truth, on fixtures and random ids and prefixes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeGiai96 } from '../../hardware/epc/giai96.js';
import { fromHex } from '../../hardware/common/hex.js';
import { formatItemId } from '../../hardware/epc/item-id.js';
import type { ItemLetter } from '../../hardware/epc/item-id.js';
import { DEMO_COMPANY_PREFIX, epcToItemId, itemIdToEpc } from '../../hardware/epc/mapping.js';
import { classifyScan, decodeGiai96Hex } from '../../kiosk/src/shared/scanner/scan-kind.js';

const KIND: Record<ItemLetter, string> = {
  F: 'folder',
  B: 'box',
  K: 'key',
  S: 'shelf',
  C: 'cabinet',
  U: 'badge',
};

describe('kiosk EPC decoding agrees with hardware/epc', () => {
  const demo = { companyPrefix: DEMO_COMPANY_PREFIX };
  it.each([
    ['F000001234', '34164521480000003B9ACED2', demo],
    ['U000000008', itemIdToEpc('U000000008', demo), demo],
    ['B000000012', itemIdToEpc('B000000012', demo), demo],
    [
      'K999999999',
      itemIdToEpc('K999999999', { companyPrefix: '061414112345' }),
      { companyPrefix: '061414112345' },
    ],
  ])('%s ↔ %s', (id, epc, cfg) => {
    expect(itemIdToEpc(id, cfg)).toBe(epc);
    expect(epcToItemId(epc, cfg)).toBe(id);
    expect(classifyScan(epc)).toMatchObject({ kind: KIND[id[0] as ItemLetter], id, epc });
  });

  it('decodes every GIAI-96 the hardware codec encodes, for every prefix length', () => {
    const letters = fc.constantFrom<ItemLetter>('F', 'B', 'K', 'S', 'C', 'U');
    const prefix = fc.integer({ min: 6, max: 12 }).chain((n) => fc.stringMatching(new RegExp(`^\\d{${n}}$`)));
    fc.assert(
      fc.property(
        letters,
        fc.integer({ min: 0, max: 999_999_999 }),
        prefix,
        fc.integer({ min: 0, max: 7 }),
        (l, n, companyPrefix, filter) => {
          const id = formatItemId(l, n);
          const epc = itemIdToEpc(id, { companyPrefix, filter });
          expect(decodeGiai96Hex(epc)).toEqual(decodeGiai96(fromHex(epc)));
          expect(classifyScan(epc).id).toBe(epcToItemId(epc, { companyPrefix }));
        },
      ),
    );
  });

  it('refuses the same random 96-bit values the hardware codec refuses', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 11, maxLength: 11 }),
        fc.integer({ min: 0, max: 255 }),
        (rest, second) => {
          const bytes = Uint8Array.from([0x34, second, ...rest.slice(1)]);
          const hex = Buffer.from(bytes).toString('hex').toUpperCase();
          const expected = (() => {
            try {
              return decodeGiai96(bytes);
            } catch {
              return null;
            }
          })();
          expect(decodeGiai96Hex(hex)).toEqual(expected);
        },
      ),
    );
  });
});
