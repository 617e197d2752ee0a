import { describe, expect, it } from 'vitest';
import { toHex } from '../../hardware/common/hex.js';
import {
  cmdGetFirmwareVersion,
  cmdRealTimeInventory,
  cmdSetOutputPower,
  cmdSetWorkAntenna,
  decodeR2000,
  encodeR2000,
  encodeRoundSummary,
  encodeTagAnswer,
  epcLengthFromPc,
  parseFirmwareVersion,
  parseInventoryAnswer,
  r2000Checksum,
} from '../../hardware/rfid/r2000/codec.js';
import { frame, loadFrames } from './helpers/fixtures.js';

const F = loadFrames('r2000-frames');

describe('R2000 codec: the manual examples', () => {
  it('encodes get-firmware broadcast as A0 03 FF 72 EC', () => {
    expect(cmdGetFirmwareVersion(0xff)).toEqual(frame(F, 'getFirmware'));
  });

  it('encodes real-time inventory addr 01 repeat FF as A0 04 01 89 FF D3', () => {
    expect(cmdRealTimeInventory(0x01, 0xff)).toEqual(frame(F, 'inventoryAddr1'));
  });

  it('computes the check as the two-complement of the byte sum', () => {
    const f = frame(F, 'inventoryAddr1');
    expect(r2000Checksum(f, 0, f.length - 1)).toBe(0xd3);
    // The sum of a whole valid frame, check included, is 0 mod 256.
    expect([...f].reduce((a, b) => a + b, 0) & 0xff).toBe(0);
  });
});

describe('R2000 codec: commands', () => {
  it('sets the work antenna with a 0-based wire value', () => {
    expect(cmdSetWorkAntenna(0x01, 2)).toEqual(frame(F, 'setWorkAntenna2'));
    expect(() => cmdSetWorkAntenna(1, 0)).toThrow(RangeError);
    expect(() => cmdSetWorkAntenna(1, 5)).toThrow(RangeError);
  });

  it('sets RF power for all antennas or per antenna', () => {
    expect(cmdSetOutputPower(0x01, 26)).toEqual(frame(F, 'setPower26'));
    const four = decodeR2000(cmdSetOutputPower(0x01, [20, 21, 22, 23]));
    expect([...four.data]).toEqual([20, 21, 22, 23]);
    expect(() => cmdSetOutputPower(1, 34)).toThrow(RangeError);
    expect(() => cmdSetOutputPower(1, [1, 2])).toThrow(RangeError);
  });
});

describe('R2000 codec: decoding', () => {
  it('rejects a bad checksum, a wrong length and a missing header', () => {
    const good = frame(F, 'tagAnt2Freq5');
    const badCheck = Buffer.from(good);
    badCheck.writeUInt8(badCheck.readUInt8(badCheck.length - 1) ^ 0x01, badCheck.length - 1);
    expect(() => decodeR2000(badCheck)).toThrow(/checksum/);
    expect(() => decodeR2000(good.subarray(0, good.length - 1))).toThrow(/length/);
    const noHead = Buffer.from(good);
    noHead[0] = 0xa1;
    expect(() => decodeR2000(noHead)).toThrow(/not a frame/);
  });

  it('decodes a tag read: antenna, frequency index, PC, EPC length from PC, RSSI', () => {
    const f = decodeR2000(frame(F, 'tagAnt2Freq5'));
    expect(f).toMatchObject({ addr: 0x01, cmd: 0x89 });
    const a = parseInventoryAnswer(f.data);
    expect(a.kind).toBe('tag');
    if (a.kind !== 'tag') return;
    const { kind: _kind, ...fields } = a;
    expect({ ...fields, epc: toHex(a.epc) }).toEqual(F.tagAnt2Freq5?.expect);
  });

  it('derives EPC bytes from the PC word', () => {
    expect(epcLengthFromPc(0x3000)).toBe(12);
    expect(epcLengthFromPc(0x4000)).toBe(16);
    expect(epcLengthFromPc(0x0800)).toBe(2);
    expect(epcLengthFromPc(0x3400)).toBe(12); // bit 10 (UMI) does not change the length
  });

  it('decodes the round summary (big-endian rate and total)', () => {
    expect(parseInventoryAnswer(decodeR2000(frame(F, 'summaryAnt2')).data)).toEqual({
      kind: 'summary',
      ...F.summaryAnt2?.expect,
    });
  });

  it('decodes error frames by name', () => {
    expect(parseInventoryAnswer(decodeR2000(frame(F, 'errorAntennaMissing')).data)).toEqual({
      kind: 'error',
      code: 0x22,
      name: 'antenna_missing_error',
    });
    expect(parseInventoryAnswer(decodeR2000(frame(F, 'errorNoTag')).data)).toMatchObject({
      name: 'no_tag_error',
    });
  });

  it('flags a tag frame whose PC disagrees with its length as malformed', () => {
    // PC announces 6 words (12 bytes) but only 4 EPC bytes follow.
    const f = decodeR2000(encodeR2000(1, 0x89, [0x00, 0x30, 0x00, 1, 2, 3, 4, 0x50]));
    expect(parseInventoryAnswer(f.data)).toMatchObject({ kind: 'malformed' });
  });

  it('parses the firmware answer', () => {
    expect(parseFirmwareVersion(decodeR2000(frame(F, 'firmware1_8')).data)).toEqual({ major: 1, minor: 8 });
  });

  it('round-trips tag answers and summaries built by the simulator helpers', () => {
    const epc = Buffer.from('E2801160600002052A0B31C4', 'hex');
    const t = parseInventoryAnswer(
      decodeR2000(encodeTagAnswer(7, { antenna: 4, freqIndex: 63, epc, rssiRaw: 0x62 })).data,
    );
    expect(t).toMatchObject({ kind: 'tag', antenna: 4, freqIndex: 63, rssiDbm: 0x62 - 129 });
    expect(parseInventoryAnswer(decodeR2000(encodeRoundSummary(7, 3, 65535, 4_000_000_000)).data)).toEqual({
      kind: 'summary',
      antenna: 3,
      readRate: 65535,
      totalRead: 4_000_000_000,
    });
  });
});

describe('R2000 codec: EPC length from the PC word (0x89 and 0x8A answers)', () => {
  const tagFields = (key: string, cmd: number) => {
    const f = decodeR2000(frame(F, key));
    expect(f.cmd).toBe(cmd);
    const a = parseInventoryAnswer(f.data, f.cmd);
    expect(a.kind).toBe('tag');
    if (a.kind !== 'tag') return null;
    const { kind: _kind, ...fields } = a;
    return { ...fields, epc: toHex(a.epc) };
  };

  it('decodes a 0x89 answer with two phase bytes after RSSI: the EPC ends where the PC says', () => {
    expect(tagFields('tagAnt3Freq10Phase', 0x89)).toEqual(F.tagAnt3Freq10Phase?.expect);
  });

  it('decodes 0x8A (fast switch) tag answers, with and without phase, and a 64-bit EPC', () => {
    expect(tagFields('fastSwitchTagAnt4', 0x8a)).toEqual(F.fastSwitchTagAnt4?.expect);
    expect(tagFields('fastSwitchTag64BitPhase', 0x8a)).toEqual(F.fastSwitchTag64BitPhase?.expect);
  });

  // Layouts checked against public reference code of the protocol (no manual at hand; see codec.ts):
  // round end `A0 0A Addr 8A TotalRead(3) CommandDuration(4) Check` (hex-in/pyImpinj), error
  // `A0 05 Addr 8A AntID ErrorCode Check` (viniggj2005/r2000-go). The fixtures are pinned byte by byte.
  it('decodes the 0x8A round end (TotalRead 3 bytes, duration 4) and its per-antenna error', () => {
    const end = frame(F, 'fastSwitchSummary');
    expect([end[1], end.readUIntBE(4, 3), end.readUInt32BE(7)]).toEqual([0x0a, 42, 500]);
    const err = frame(F, 'fastSwitchErrorAnt3Missing');
    expect([err[1], err[4], err[5]]).toEqual([0x05, 2, 0x22]);
    expect(parseInventoryAnswer(decodeR2000(frame(F, 'fastSwitchSummary')).data, 0x8a)).toEqual({
      kind: 'switchSummary',
      ...F.fastSwitchSummary?.expect,
    });
    expect(parseInventoryAnswer(decodeR2000(frame(F, 'fastSwitchErrorAnt3Missing')).data, 0x8a)).toEqual({
      kind: 'error',
      name: 'antenna_missing_error',
      ...F.fastSwitchErrorAnt3Missing?.expect,
    });
  });

  it('rejects trailing bytes the protocol does not allow, and a PC announcing no EPC', () => {
    const epc = [...fromHexBytes('34164521480000003B9ACED2')];
    for (const trailer of [[0x01], [0x01, 0x02, 0x03], [0x01, 0x02, 0x03, 0x04]]) {
      const f = decodeR2000(encodeR2000(1, 0x89, [0x00, 0x30, 0x00, ...epc, 0x50, ...trailer]));
      expect(parseInventoryAnswer(f.data)).toMatchObject({ kind: 'malformed' });
    }
    // PC 0x3800 announces 7 words (14 bytes): the frame is too short for it.
    const long = decodeR2000(encodeR2000(1, 0x89, [0x00, 0x38, 0x00, ...epc, 0x50]));
    expect(parseInventoryAnswer(long.data)).toMatchObject({ kind: 'malformed' });
    const none = decodeR2000(encodeR2000(1, 0x89, [0x00, 0x00, 0x00, 0x50]));
    expect(parseInventoryAnswer(none.data)).toMatchObject({ kind: 'malformed' });
  });

  it('round-trips a phase through the simulator helper for both commands', () => {
    const epc = Buffer.from('E2801160600002052A0B31C4', 'hex');
    for (const cmd of [0x89, 0x8a]) {
      const f = decodeR2000(encodeTagAnswer(7, { antenna: 2, epc, rssiRaw: 0x62, phase: 0xabcd }, cmd));
      expect(parseInventoryAnswer(f.data, f.cmd)).toMatchObject({ kind: 'tag', epc, phase: 0xabcd });
    }
  });
});

function fromHexBytes(hex: string): Buffer {
  return Buffer.from(hex, 'hex');
}
