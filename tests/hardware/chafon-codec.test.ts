import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../hardware/common/hex.js';
import { chafonCrc } from '../../hardware/rfid/chafon/crc.js';
import {
  antennasFromMask,
  cmdGetReaderInfo,
  cmdInventory18,
  cmdInventorySingle18,
  cmdInventory288,
  cmdSetPower,
  decodeChafonCommand,
  decodeChafonResponse,
  encodeChafonResponse,
  encodeInventoryAnswer18,
  parseAutonomous,
  parseInventoryAnswer,
} from '../../hardware/rfid/chafon/codec.js';
import { frame, loadFrames } from './helpers/fixtures.js';

const F = loadFrames('chafon-frames');
const r = (key: string) => decodeChafonResponse(frame(F, key));

describe('Chafon CRC-16 (preset FFFF, reflected 8408, LSB first)', () => {
  it('reproduces the manual examples', () => {
    expect(cmdInventory18(0x00)).toEqual(frame(F, 'inventoryCmdAddr0'));
    expect(cmdGetReaderInfo(0xff)).toEqual(frame(F, 'readerInfoBroadcast'));
    expect(encodeChafonResponse(0x00, 0x01, 0xfb)).toEqual(frame(F, 'inventoryNoTag'));
  });

  it('matches the standard CRC-16/MCRF4XX check value for "123456789"', () => {
    // Same parameters as CRC-16/MCRF4XX (init FFFF, poly 1021 reflected = 8408, no xorout): check 0x6F91.
    expect(chafonCrc(Buffer.from('123456789', 'ascii'))).toBe(0x6f91);
  });

  it('gives 0 over any whole frame, CRC included', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        fc.integer({ min: 0, max: 255 }),
        (data, cmd) => {
          const f = encodeChafonResponse(0x00, cmd, 0x01, data);
          expect(chafonCrc(f)).toBe(0);
          expect(f[0]).toBe(f.length - 1);
        },
      ),
    );
  });
});

describe('Chafon commands', () => {
  it('encodes a UHFReader288 inventory with Target/Ant/Scantime', () => {
    expect(cmdInventory288(0x00, { antenna: 3, scanTime: 10 })).toEqual(
      frame(F, 'inventory288CmdAnt3Scan10'),
    );
    const c = decodeChafonCommand(frame(F, 'inventory288CmdAnt3Scan10'));
    expect(c).toMatchObject({ addr: 0, cmd: 0x01 });
    expect(c.data[3]).toBe(0x82); // antenna 3 is sent as 0x80 + 2
    expect(() => cmdInventory288(0, { antenna: 9, scanTime: 1 })).toThrow(RangeError);
  });

  it('encodes set-power and rejects out-of-range values', () => {
    expect([...decodeChafonCommand(cmdSetPower(0xff, 26)).data]).toEqual([26]);
    expect(() => cmdSetPower(0, 40)).toThrow(RangeError);
  });

  it('refuses frames with a bad CRC or length', () => {
    const bad = Buffer.from(frame(F, 'inventoryNoTag'));
    bad[3] = 0xfa;
    expect(() => decodeChafonResponse(bad)).toThrow(/CRC/);
    expect(() => decodeChafonResponse(frame(F, 'inventoryNoTag').subarray(0, 4))).toThrow(/length/);
  });
});

describe('Chafon inventory answers', () => {
  it('parses a UHFReader18 answer with two EPCs', () => {
    const a = parseInventoryAnswer(r('inventory18TwoTags'), 'uhfreader18');
    expect(a.kind).toBe('tags');
    if (a.kind !== 'tags') return;
    expect(a.status).toBe(1);
    expect(a.antennaMask).toBeNull();
    expect(a.tags.map((t) => toHex(t.epc))).toEqual(F.inventory18TwoTags?.expect?.epcs);
    expect(a.tags.every((t) => t.rssi === null && t.tid === null)).toBe(true);
  });

  it('parses a UHFReader288 answer with antenna mask and RSSI', () => {
    const a = parseInventoryAnswer(r('inventory288Ant3'), 'uhfreader288');
    expect(a).toMatchObject({ kind: 'tags', status: 1, antennaMask: 4 });
    if (a.kind !== 'tags') return;
    expect(toHex(a.tags[0]?.epc ?? Buffer.alloc(0))).toBe('34164521480000003B9ACED2');
    expect(a.tags[0]?.rssi).toBe(0x4a);
    expect(antennasFromMask(a.antennaMask ?? 0)).toEqual([3]);
  });

  it('splits EPC and TID when the 288 flags EPC+TID (DataLen bit 7)', () => {
    const epc = Buffer.from('300833B2DDD9014000000000', 'hex');
    const tid = Buffer.from('E2801105200074CF0F5A0000', 'hex');
    const block = [0x80 | (epc.length + tid.length), ...epc, ...tid, 0x50];
    const a = parseInventoryAnswer(
      decodeChafonResponse(encodeChafonResponse(0, 1, 1, [0x01, 1, ...block])),
      'uhfreader288',
    );
    expect(a.kind === 'tags' && a.tags[0]).toEqual({ epc, tid, rssi: 0x50 });
  });

  it('reports the no-tag status and errors without tags', () => {
    expect(parseInventoryAnswer(r('inventoryNoTag'), 'uhfreader18')).toEqual({
      kind: 'status',
      status: 0xfb,
      name: 'no_tag',
    });
    const antErr = decodeChafonResponse(encodeChafonResponse(0, 1, 0xf8));
    expect(parseInventoryAnswer(antErr, 'uhfreader288')).toMatchObject({ name: 'antenna_error' });
  });

  it('flags answers whose tag count overruns the data as malformed', () => {
    const lying = decodeChafonResponse(encodeChafonResponse(0, 1, 1, [3, 2, 0xaa, 0xbb]));
    expect(parseInventoryAnswer(lying, 'uhfreader18')).toMatchObject({ kind: 'malformed' });
  });
});

describe('UHFReader18 single-tag inventory (0x0F)', () => {
  it('encodes the command and yields the tag of its answer', () => {
    expect(cmdInventorySingle18(0x00)).toEqual(frame(F, 'inventorySingleCmd18'));
    const a = parseInventoryAnswer(r('inventorySingle18'), 'uhfreader18');
    expect(a.kind).toBe('tags');
    if (a.kind !== 'tags') return;
    expect({ status: a.status, epcs: a.tags.map((t) => toHex(t.epc)) }).toEqual(F.inventorySingle18?.expect);
    expect(a.tags[0]).toMatchObject({ tid: null, rssi: null });
    expect(encodeInventoryAnswer18(0, 1, [a.tags[0]!.epc], 0x0f)).toEqual(frame(F, 'inventorySingle18'));
  });

  it('reports no tag, and refuses several tags or the 288 family for it', () => {
    expect(parseInventoryAnswer(r('inventorySingle18NoTag'), 'uhfreader18')).toMatchObject({
      kind: 'status',
      name: 'no_tag',
    });
    const two = decodeChafonResponse(
      encodeInventoryAnswer18(0, 1, [Buffer.alloc(4, 1), Buffer.alloc(4, 2)], 0x0f),
    );
    expect(parseInventoryAnswer(two, 'uhfreader18')).toMatchObject({ kind: 'malformed' });
    expect(parseInventoryAnswer(r('inventorySingle18'), 'uhfreader288')).toMatchObject({ kind: 'malformed' });
  });
});

describe('Chafon autonomous frames', () => {
  it('parses a UHFReader18 scan-mode frame (EPC is the rest of the frame)', () => {
    expect(parseAutonomous(r('autonomous18'), 'uhfreader18')).toEqual({
      kind: 'tag',
      antennaMask: null,
      epc: Buffer.from('34164521480000003B9ACED2', 'hex'),
      rssi: null,
    });
  });

  it('parses a UHFReader288 real-time frame seen by antennas 1 and 3', () => {
    const a = parseAutonomous(r('autonomous288Ant1And3'), 'uhfreader288');
    expect(a).toMatchObject({ kind: 'tag', antennaMask: 5, rssi: 0x4a });
    expect(antennasFromMask(5)).toEqual([1, 3]);
  });

  it('parses a heartbeat', () => {
    expect(parseAutonomous(r('heartbeat288'), 'uhfreader288')).toEqual({
      kind: 'heartbeat',
      packetNo: 7,
      totalCount: 0,
    });
  });
});
