import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  barcodeKind,
  looksLikeBarcode,
  looksLikeEpc,
  normalizeTyped,
  parseRoomRef,
  routeSearch,
} from '../../server/domain/room-ref.js';

const plain = { building: '3', unit: '2', room: '1502' };

describe('parseRoomRef', () => {
  it.each([
    '3-2-1502',
    '3栋2单元1502',
    '3栋2单元1502室',
    '3幢2单元1502',
    '3座2单元1502号',
    '3号楼2单元1502室',
    '3棟2單元1502室',
    '３－２－１５０２',
    '３栋２单元１５０２室',
    ' 3 - 2 - 1502 ',
    '3 2 1502',
    '3栋 2单元 1502室',
    '3\u20132\u20141502',
    '3-2-1502室',
  ])('reads %j as building 3, unit 2, room 1502', (text) => {
    expect(parseRoomRef(text)).toEqual(plain);
  });

  it.each([
    ['HY-3-2-1502', 'HY'],
    ['hy-3-2-1502', 'HY'],
    ['ＨＹ－３－２－１５０２', 'HY'],
    ['HY 3 2 1502', 'HY'],
    ['HY-3栋2单元1502室', 'HY'],
    ['海悦花园3栋2单元1502室', '海悦花园'],
    ['海悦-3-2-1502', '海悦'],
  ])('reads the estate in %j', (text, estate) => {
    expect(parseRoomRef(text)).toEqual({ estate, ...plain });
  });

  it('keeps letters and leading zeros as written', () => {
    expect(parseRoomRef('a-02-0101')).toEqual({ building: 'A', unit: '02', room: '0101' });
    expect(parseRoomRef('A座1单元1502B')).toEqual({ building: 'A', unit: '1', room: '1502B' });
  });

  it.each([
    '',
    '   ',
    '3-2',
    '1502',
    '3栋1502',
    '3栋2单元',
    'HY-3-2-1502-ZL-9',
    '3--2-1502',
    '-3-2-1502',
    '张三',
    'F000001234',
    '3/2/1502',
  ])('returns null for %j', (text) => {
    expect(parseRoomRef(text)).toBeNull();
  });

  it('reads every written form of the same room alike', () => {
    const code = fc.stringMatching(/^[A-Z0-9]{1,5}$/);
    fc.assert(
      fc.property(code, code, code, (b, u, r) => {
        const expected = { building: b, unit: u, room: r };
        const wide = (s: string) =>
          s.replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        for (const text of [
          `${b}-${u}-${r}`,
          `${b}栋${u}单元${r}室`,
          wide(`${b}－${u}－${r}`),
          ` ${b} ${u} ${r} `,
        ]) {
          expect(parseRoomRef(text)).toEqual(expected);
        }
      }),
    );
  });
});

describe('barcodes and EPCs', () => {
  it.each([
    ['F000001234', 'folder'],
    ['B000000001', 'box'],
    ['K123456789', 'key'],
    ['S000000042', 'shelf'],
    ['C000000003', 'cabinet'],
    ['U000000777', 'badge'],
    [' f000001234 ', 'folder'],
    ['Ｆ０００００１２３４', 'folder'],
  ])('%j is a %s id', (text, kind) => {
    expect(barcodeKind(text)).toBe(kind);
    expect(looksLikeBarcode(text)).toBe(true);
  });

  it.each(['F00000123', 'F0000012345', 'X000001234', 'FF00001234', 'F00000123A', '', '000001234F'])(
    '%j is not one of our ids',
    (text) => {
      expect(looksLikeBarcode(text)).toBe(false);
      expect(barcodeKind(text)).toBeNull();
    },
  );

  it('recognises 24 hex digits as an EPC, in either case', () => {
    expect(looksLikeEpc('E2801160600002084D5F1B2A')).toBe(true);
    expect(looksLikeEpc('e2801160600002084d5f1b2a')).toBe(true);
    expect(looksLikeEpc('E2801160600002084D5F1B2')).toBe(false);
    expect(looksLikeEpc('E2801160600002084D5F1B2AB')).toBe(false);
    expect(looksLikeEpc('G2801160600002084D5F1B2A')).toBe(false);
  });
});

describe('routeSearch', () => {
  it('routes ids, EPCs, rooms and free text', () => {
    expect(routeSearch('f000001234')).toEqual({ kind: 'barcode', text: 'F000001234', barcodeKind: 'folder' });
    expect(routeSearch('e2801160600002084d5f1b2a')).toEqual({
      kind: 'epc',
      text: 'E2801160600002084D5F1B2A',
    });
    expect(routeSearch('３栋２单元１５０２')).toEqual({ kind: 'room', text: '3栋2单元1502', room: plain });
    expect(routeSearch(' 张三 ')).toEqual({ kind: 'text', text: '张三' });
  });

  it('keeps the normalised text so an archive number that reads as a room can still be matched', () => {
    const route = routeSearch('gc－2026－0007');
    expect(route.kind).toBe('room');
    expect(route.text).toBe('GC-2026-0007');
  });

  it('normalizeTyped folds full-width forms and dash look-alikes', () => {
    expect(normalizeTyped('  ｈｙ－３\u2212２ ')).toBe('HY-3-2');
  });
});
