// What a scanned code is (kiosk/src/shared/scanner/scan-kind.ts): our printed ids by their letter, shelf and cabinet
// labels by their location code, EPCs by GIAI-96 decoding, and everything else unknown. The check that the
// EPC rule agrees with hardware/epc is tests/unit/kiosk-scan-kind-epc.test.ts.
import { describe, expect, it } from 'vitest';
import {
  assetReferenceToId,
  classifyScan,
  decodeGiai96Hex,
  isItemScan,
  normalizeCode,
} from '../../kiosk/src/shared/scanner/scan-kind';

describe('classifyScan', () => {
  it.each([
    ['U000000008', 'badge'],
    ['F000001234', 'folder'],
    ['B000000012', 'box'],
    ['K000000003', 'key'],
    ['S000000004', 'shelf'],
    ['C000000005', 'cabinet'],
  ] as const)('reads the printed id %s as a %s', (code, kind) => {
    expect(classifyScan(code)).toEqual({ kind, code, id: code });
  });

  it('folds case, spaces and the full-width forms of an input method', () => {
    expect(classifyScan('  f000001234 ')).toMatchObject({ kind: 'folder', code: 'F000001234' });
    expect(classifyScan('Ｕ' + '０'.repeat(8) + '８')).toMatchObject({ kind: 'badge', id: 'U000000008' });
    expect(normalizeCode('ｒ１－ｃ０１－ｓ２')).toBe('R1-C01-S2');
  });

  it('needs exactly nine digits after the letter', () => {
    for (const code of ['F00000123', 'F0000012345', 'X000001234', 'FF00001234', 'U00000000A'])
      expect(classifyScan(code).kind).toBe('unknown');
  });

  it('reads location codes as shelf or cabinet labels by their last segment', () => {
    expect(classifyScan('R1-C01-S2')).toEqual({ kind: 'shelf', code: 'R1-C01-S2' });
    expect(classifyScan('R1-K01-P03').kind).toBe('shelf'); // a key hook, printed with the shelf template
    expect(classifyScan('R1-C01').kind).toBe('cabinet');
    expect(classifyScan('R2-K01').kind).toBe('cabinet');
    expect(classifyScan('S-R1-C03-2').kind).toBe('shelf');
    // Not location codes: a room alone, an archive number, a room reference.
    for (const code of ['R1', 'HY-1-1-303', 'SS-2026-0001', '3-2-1502', 'R1-C01-X'])
      expect(classifyScan(code).kind).toBe('unknown');
  });

  it('decodes an EPC of ours to its kind and id, and keeps the EPC to send to the server', () => {
    expect(classifyScan('34164521480000003B9ACED2')).toEqual({
      kind: 'folder',
      code: '34164521480000003B9ACED2',
      id: 'F000001234',
      epc: '34164521480000003B9ACED2',
    });
    expect(classifyScan('34164521480000003b9aced2').kind).toBe('folder');
  });

  it('calls an EPC it cannot place an epc (the server may still know it), never a folder', () => {
    // Another scheme (SGTIN-96 header 0x30) and a GIAI-96 whose asset reference is not one of ours.
    expect(classifyScan('300833B2DDD9014000000000')).toEqual({
      kind: 'epc',
      code: '300833B2DDD9014000000000',
      epc: '300833B2DDD9014000000000',
    });
    expect(classifyScan('3474257BF400000000BC6038').kind).toBe('epc');
    expect(isItemScan(classifyScan('3474257BF400000000BC6038'))).toBe(true);
  });

  it('reads a GS1-128 (8004) element string as the printed id it stands for', () => {
    expect(classifyScan('800495212341000001234')).toEqual({
      kind: 'folder',
      code: 'F000001234',
      id: 'F000001234',
    });
    expect(classifyScan('800495212346000000008')).toMatchObject({ kind: 'badge', id: 'U000000008' });
  });

  it('says unknown for anything else', () => {
    for (const code of ['hello', '12345', '', '档案', 'F-000001234', '34164521480000003B9ACED'])
      expect(classifyScan(code).kind).toBe('unknown');
  });

  it('looks up folders, boxes, keys and unplaced EPCs; not badges, shelves or unknown codes', () => {
    const kinds = ['F000000001', 'B000000001', 'K000000001', '3474257BF400000000BC6038'];
    for (const code of kinds) expect(isItemScan(classifyScan(code))).toBe(true);
    for (const code of ['U000000001', 'S000000001', 'R1-C01-S1', 'nope'])
      expect(isItemScan(classifyScan(code))).toBe(false);
  });
});

describe('GIAI-96 decoding', () => {
  it('decodes the README example', () => {
    expect(decodeGiai96Hex('34164521480000003B9ACED2')).toEqual({
      filter: 0,
      companyPrefix: '9521234',
      assetReference: '1000001234',
    });
  });

  it('refuses what is not GIAI-96', () => {
    expect(decodeGiai96Hex('300833B2DDD9014000000000')).toBeNull(); // header 0x30
    expect(decodeGiai96Hex('341')).toBeNull();
    expect(decodeGiai96Hex('341C0000000000000000000Z')).toBeNull();
    expect(decodeGiai96Hex('341C00000000000000000000')).toBeNull(); // partition 7
  });

  it('maps our asset references only', () => {
    expect(assetReferenceToId('1000001234')).toBe('F000001234');
    expect(assetReferenceToId('6000000008')).toBe('U000000008');
    expect(assetReferenceToId('7000000008')).toBeNull();
    expect(assetReferenceToId('12345400')).toBeNull();
  });
});
