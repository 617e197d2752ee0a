import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex, fromHex } from '../../hardware/common/hex.js';
import {
  decodeGiai96,
  encodeGiai96,
  EpcError,
  GIAI96_PARTITIONS,
  giaiPureIdentityUri,
} from '../../hardware/epc/giai96.js';
import { formatItemId, ITEM_KINDS, parseItemId } from '../../hardware/epc/item-id.js';
import type { ItemLetter } from '../../hardware/epc/item-id.js';
import {
  assetReferenceToItemId,
  DEMO_COMPANY_PREFIX,
  epcToItemId,
  itemIdToAssetReference,
  itemIdToEpc,
  itemIdToGiaiElement,
  scannedCodeToItemId,
} from '../../hardware/epc/mapping.js';

describe('GIAI-96', () => {
  // Published translations (GS1 TDT test data): tag URI -> binary.
  it.each([
    ['urn:epc:tag:giai-96:3.0614141.12345400', '3474257BF400000000BC6038'],
    ['urn:epc:tag:giai-96:0.0614141.12345400', '3414257BF400000000BC6038'],
    ['urn:epc:tag:giai-96:1.0614141.5678', '3434257BF40000000000162E'],
    ['urn:epc:tag:giai-96:3.0614141.5678', '3474257BF40000000000162E'],
    ['urn:epc:tag:giai-96:1.0614141.9876', '3434257BF400000000002694'],
    ['urn:epc:tag:giai-96:1.1234567.1', '34344B5A1C00000000000001'],
  ])('%s encodes as %s and back', (uri, hex) => {
    const [filter, companyPrefix, assetReference] = uri.replace('urn:epc:tag:giai-96:', '').split('.') as [
      string,
      string,
      string,
    ];
    const v = { filter: Number(filter), companyPrefix, assetReference };
    expect(toHex(encodeGiai96(v))).toBe(hex);
    expect(decodeGiai96(fromHex(hex))).toEqual(v);
  });

  it('round-trips every partition at its limits', () => {
    GIAI96_PARTITIONS.forEach((row) => {
      const prefix = '9'.repeat(row.prefixDigits);
      const maxAsset = ((1n << BigInt(row.assetBits)) - 1n).toString();
      for (const asset of ['0', '1', maxAsset]) {
        const v = { filter: 7, companyPrefix: prefix, assetReference: asset };
        expect(decodeGiai96(encodeGiai96(v))).toEqual(v);
      }
      expect(() =>
        encodeGiai96({
          filter: 0,
          companyPrefix: prefix,
          assetReference: (BigInt(maxAsset) + 1n).toString(),
        }),
      ).toThrow(EpcError);
    });
  });

  it('round-trips random identifiers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 7 }),
        fc.bigInt({ min: 0n, max: (1n << 62n) - 1n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n - 1n }),
        (p, filter, a, c) => {
          const row = GIAI96_PARTITIONS[p];
          if (!row) return;
          const asset = (a % (1n << BigInt(row.assetBits))).toString();
          const prefix = (c % 10n ** BigInt(row.prefixDigits)).toString().padStart(row.prefixDigits, '0');
          const v = { filter, companyPrefix: prefix, assetReference: asset };
          expect(decodeGiai96(encodeGiai96(v))).toEqual(v);
        },
      ),
    );
  });

  it('refuses what GIAI-96 cannot hold or is not', () => {
    expect(() => encodeGiai96({ filter: 0, companyPrefix: '12345', assetReference: '1' })).toThrow(
      /6..12 digits/,
    );
    expect(() => encodeGiai96({ filter: 0, companyPrefix: '0614141', assetReference: '0012' })).toThrow(
      /leading zeros/,
    );
    expect(() => encodeGiai96({ filter: 8, companyPrefix: '0614141', assetReference: '1' })).toThrow(
      /filter/,
    );
    expect(() => decodeGiai96(fromHex('3074257BF7194E4000001A85'))).toThrow(/header/); // an SGTIN-96
    expect(() => decodeGiai96(fromHex('341C257BF400000000BC6038'))).toThrow(/partition 7/);
    expect(() => decodeGiai96(fromHex('3414257BF4'))).toThrow(/12 bytes/);
    // Partition 0 with a 40-bit prefix value above 999 999 999 999.
    expect(() => decodeGiai96(fromHex('3403FFFFFFFFFC0000000001'))).toThrow(/out of range/);
  });

  it('prints the pure identity URI', () => {
    expect(giaiPureIdentityUri(decodeGiai96(fromHex('3474257BF400000000BC6038')))).toBe(
      'urn:epc:id:giai:0614141.12345400',
    );
  });
});

describe('item ids', () => {
  it('parses and formats kind letter + 9 digits', () => {
    expect(parseItemId('F000001234')).toEqual({ letter: 'F', kind: 'folder', number: 1234 });
    expect(parseItemId('U999999999')).toMatchObject({ kind: 'user' });
    for (const bad of ['F00001234', 'f000001234', 'X000001234', 'F0000012345', ' F000001234'])
      expect(parseItemId(bad)).toBeNull();
    expect(formatItemId('B', 1)).toBe('B000000001');
    expect(() => formatItemId('F', 1_000_000_000)).toThrow(RangeError);
  });
});

describe('barcode id <-> EPC mapping', () => {
  const cfg = { companyPrefix: DEMO_COMPANY_PREFIX };
  const itemId = fc
    .tuple(
      fc.constantFrom(...(Object.keys(ITEM_KINDS) as ItemLetter[])),
      fc.integer({ min: 0, max: 999_999_999 }),
    )
    .map(([l, n]) => formatItemId(l, n));

  it('maps the documented example', () => {
    expect(itemIdToAssetReference('F000001234')).toBe('1000001234');
    expect(itemIdToEpc('F000001234', cfg)).toBe('34164521480000003B9ACED2');
    expect(epcToItemId('34164521480000003B9ACED2', cfg)).toBe('F000001234');
    expect(itemIdToGiaiElement('F000001234', cfg)).toBe('800495212341000001234');
  });

  it('round-trips every kind and number, for every company prefix length', () => {
    fc.assert(
      fc.property(
        itemId,
        fc.integer({ min: 6, max: 12 }),
        fc.integer({ min: 0, max: 7 }),
        (id, digits, filter) => {
          const c = { companyPrefix: '952'.padEnd(digits, '7'), filter };
          const epc = itemIdToEpc(id, c);
          expect(epc).toMatch(/^34[0-9A-F]{22}$/);
          expect(epcToItemId(epc, c)).toBe(id);
          expect(scannedCodeToItemId(itemIdToGiaiElement(id, c), c)).toBe(id);
        },
      ),
    );
  });

  it('gives distinct EPCs to distinct items', () => {
    const epcs = new Set(
      ['F000000001', 'B000000001', 'K000000001', 'S000000001', 'C000000001', 'U000000001', 'F000000002'].map(
        (i) => itemIdToEpc(i, cfg),
      ),
    );
    expect(epcs.size).toBe(7);
  });

  it('returns null for tags that are not ours, never throws on reader input', () => {
    expect(epcToItemId(itemIdToEpc('F000001234', { companyPrefix: '0614141' }), cfg)).toBeNull(); // other company
    expect(epcToItemId('3474257BF400000000BC6038', { companyPrefix: '0614141' })).toBeNull(); // asset ref not ours
    expect(epcToItemId('E2801160600002052A0B31C4', cfg)).toBeNull(); // not GIAI
    expect(epcToItemId('341C257BF400000000BC6038', cfg)).toBeNull(); // invalid partition
    expect(epcToItemId('3416', cfg)).toBeNull();
    expect(epcToItemId('zz', cfg)).toBeNull();
    expect(assetReferenceToItemId('7000000001')).toBeNull();
    expect(assetReferenceToItemId('100000001')).toBeNull();
  });

  it('accepts the letter form or the AI 8004 element string from a scan', () => {
    expect(scannedCodeToItemId('F000001234', cfg)).toBe('F000001234');
    expect(scannedCodeToItemId('800495212341000001234', cfg)).toBe('F000001234');
    expect(scannedCodeToItemId('800406141411000001234', cfg)).toBeNull();
    expect(scannedCodeToItemId('hello', cfg)).toBeNull();
  });
});
