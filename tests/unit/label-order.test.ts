import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareLabelOrder,
  compareNatural,
  inLabelOrder,
  type LabelOrderKey,
} from '../../server/domain/label-order.js';

const sorted = (codes: string[]) => [...codes].sort(compareNatural);

describe('compareNatural', () => {
  it('orders room numbers as numbers, not as text', () => {
    expect(sorted(['1001', '902', '101', '1502', '102', '901', '2001'])).toEqual([
      '101',
      '102',
      '901',
      '902',
      '1001',
      '1502',
      '2001',
    ]);
  });

  it('compares every digit run numerically, letters case-insensitively', () => {
    expect(sorted(['10', '9', '3-10', '3-2', 'a1001', 'A101', 'B1', '3A', '3'])).toEqual([
      '3',
      '3-2',
      '3-10',
      '3A',
      '9',
      '10',
      'A101',
      'a1001',
      'B1',
    ]);
  });

  it('keeps a total order where numbers tie: leading zeros and case decide last', () => {
    expect(compareNatural('0801', '801')).not.toBe(0);
    expect(compareNatural('0801', '801')).toBe(-compareNatural('801', '0801'));
    expect(compareNatural('0801', '0802')).toBeLessThan(0);
    expect(compareNatural('0999', '1000')).toBeLessThan(0);
    expect(compareNatural('12345678901234567890', '9')).toBeGreaterThan(0);
    expect(compareNatural('', '1')).toBeLessThan(0);
    expect(compareNatural('1502', '1502')).toBe(0);
  });

  it('is antisymmetric and transitive on random codes', () => {
    const code = fc.stringMatching(/^[0-9A-Za-z-]{0,6}$/);
    fc.assert(
      fc.property(code, code, (a, b) => Math.sign(compareNatural(a, b)) === -Math.sign(compareNatural(b, a))),
    );
    fc.assert(
      fc.property(fc.array(code, { maxLength: 12 }), (codes) => {
        const s = sorted(codes);
        for (let i = 1; i < s.length; i++) expect(compareNatural(s[i - 1]!, s[i]!)).toBeLessThanOrEqual(0);
        expect(sorted(s.slice().reverse())).toEqual(s);
      }),
    );
  });
});

const key = (part: Partial<LabelOrderKey>): LabelOrderKey => ({
  estate: 'HY',
  building: '3',
  unit: '1',
  room: '101',
  archiveNo: 'HY-3-1-101',
  group: 'a',
  volume: 1,
  barcode: 'F000000001',
  ...part,
});

describe('label order', () => {
  it('building, unit, room numerically, then 档号, group a–e, volume and id', () => {
    const keys: LabelOrderKey[] = [
      key({ building: '10', barcode: 'F1' }),
      key({ unit: '2', barcode: 'F2' }),
      key({ room: '1001', barcode: 'F3' }),
      key({ room: '901', barcode: 'F4' }),
      key({ group: 'e', barcode: 'F5' }),
      key({ group: 'b', volume: 2, barcode: 'F6' }),
      key({ group: 'b', volume: 1, barcode: 'F7' }),
      key({ archiveNo: 'HY-3-1-101-ZL', barcode: 'F8' }),
      key({ room: '102', barcode: 'F9' }),
      key({ barcode: 'F10' }),
      key({ building: '9', room: '2001', barcode: 'F11' }),
    ];
    expect(inLabelOrder(keys, (k) => k).map((k) => k.barcode)).toEqual([
      'F10', // HY 3-1-101 a
      'F7', // b vol. 1
      'F6', // b vol. 2
      'F5', // e
      'F8', // the tenant dossier of the same room
      'F9', // room 102
      'F4', // room 901
      'F3', // room 1001
      'F2', // unit 2
      'F11', // building 9
      'F1', // building 10
    ]);
  });

  it('files without a property or a group come after those with one', () => {
    const none = key({ estate: null, building: null, unit: null, room: null, archiveNo: 'SS-2026-0001' });
    expect(compareLabelOrder(key({}), none)).toBeLessThan(0);
    expect(compareLabelOrder(key({ group: null }), key({ group: 'e' }))).toBeGreaterThan(0);
    expect(compareLabelOrder(none, { ...none })).toBe(0);
  });

  it('returns a sorted copy and leaves its input alone', () => {
    const input = [key({ room: '1001' }), key({ room: '101' })];
    const out = inLabelOrder(input, (k) => k);
    expect(out.map((k) => k.room)).toEqual(['101', '1001']);
    expect(input.map((k) => k.room)).toEqual(['1001', '101']);
  });
});
