// Chafon "UHFReader18" and "UHFReader288" (UR-series) protocol: frame codec, the commands the poller needs
// and the inventory/autonomous answers of both families. Pure functions, no I/O.
//
// Command:  Len Adr Cmd Data... CRC-LSB CRC-MSB            Len = len(Data) + 4
// Response: Len Adr reCmd Status Data... CRC-LSB CRC-MSB   Len = len(Data) + 5
import { chafonCrc } from './crc.js';

export type ChafonFamily = 'uhfreader18' | 'uhfreader288';

export const ChafonCmd = {
  inventory: 0x01,
  /** UHFReader18 single-tag inventory: the answer has the inventory layout with at most one tag. */
  inventorySingle: 0x0f,
  getReaderInfo: 0x21,
  setScanTime: 0x25,
  setPower: 0x2f,
  /** reCmd of frames a reader sends on its own in scan/real-time mode. */
  autonomous: 0xee,
} as const;

export const ChafonStatus = {
  ok: 0x00,
  done: 0x01,
  scanTimeOverflow: 0x02,
  moreFrames: 0x03,
  bufferFull: 0x04,
  statistics: 0x26,
  heartbeat: 0x28,
  antennaError: 0xf8,
  poorCommunication: 0xfa,
  noTag: 0xfb,
  badLength: 0xfd,
  illegalCommand: 0xfe,
  parameterError: 0xff,
} as const;

const STATUS_NAMES: Readonly<Record<number, string>> = {
  0xf8: 'antenna_error',
  0xfa: 'poor_communication',
  0xfb: 'no_tag',
  0xfd: 'bad_length',
  0xfe: 'illegal_command',
  0xff: 'parameter_error',
};

export function chafonStatusName(status: number): string {
  return STATUS_NAMES[status] ?? `status_0x${status.toString(16).padStart(2, '0')}`;
}

function withCrc(body: number[]): Buffer {
  const frame = Buffer.alloc(body.length + 2);
  for (let i = 0; i < body.length; i++) frame[i] = (body[i] as number) & 0xff;
  const crc = chafonCrc(frame, 0, body.length);
  frame[body.length] = crc & 0xff;
  frame[body.length + 1] = crc >> 8;
  return frame;
}

export function encodeChafonCommand(addr: number, cmd: number, data: ArrayLike<number> = []): Buffer {
  if (data.length > 251) throw new RangeError('chafon: data too long');
  return withCrc([data.length + 4, addr, cmd, ...Array.from(data)]);
}

export function encodeChafonResponse(
  addr: number,
  reCmd: number,
  status: number,
  data: ArrayLike<number> = [],
) {
  if (data.length > 250) throw new RangeError('chafon: data too long');
  return withCrc([data.length + 5, addr, reCmd, status, ...Array.from(data)]);
}

export interface ChafonCommandFrame {
  addr: number;
  cmd: number;
  data: Buffer;
}

export interface ChafonResponseFrame {
  addr: number;
  reCmd: number;
  status: number;
  data: Buffer;
}

function checkFrame(frame: Uint8Array, min: number): Buffer {
  if (frame.length < min + 1 || (frame[0] as number) + 1 !== frame.length)
    throw new Error('chafon: bad length');
  if (chafonCrc(frame) !== 0) throw new Error('chafon: bad CRC');
  return Buffer.from(frame.buffer, frame.byteOffset, frame.length);
}

export function decodeChafonCommand(frame: Uint8Array): ChafonCommandFrame {
  const buf = checkFrame(frame, 4);
  return { addr: buf[1] as number, cmd: buf[2] as number, data: buf.subarray(3, buf.length - 2) };
}

export function decodeChafonResponse(frame: Uint8Array): ChafonResponseFrame {
  const buf = checkFrame(frame, 5);
  return {
    addr: buf[1] as number,
    reCmd: buf[2] as number,
    status: buf[3] as number,
    data: buf.subarray(4, buf.length - 2),
  };
}

// ---- commands ---------------------------------------------------------------------------------------

/** UHFReader18 inventory: no parameters, the reader scans for its configured scan time. */
export function cmdInventory18(addr: number): Buffer {
  return encodeChafonCommand(addr, ChafonCmd.inventory);
}

export interface Inventory288Options {
  /** 1-based antenna port (1..8); sent as 0x80 + port - 1. */
  antenna: number;
  /** Scan time in 100 ms units (3..255 per the manual). */
  scanTime: number;
  qValue?: number;
  session?: number;
  target?: number;
}

/** UR-series inventory with the optional Target/Ant/Scantime group (no mask, no TID). */
export function cmdInventory288(addr: number, o: Inventory288Options): Buffer {
  if (!Number.isInteger(o.antenna) || o.antenna < 1 || o.antenna > 8) throw new RangeError('antenna 1..8');
  const scanTime = Math.max(0, Math.min(255, Math.round(o.scanTime)));
  return encodeChafonCommand(addr, ChafonCmd.inventory, [
    (o.qValue ?? 4) & 0x0f,
    o.session ?? 0,
    o.target ?? 0,
    0x80 + o.antenna - 1,
    scanTime,
  ]);
}

/** UHFReader18 single-tag inventory (0x0F), no parameters. */
export function cmdInventorySingle18(addr: number): Buffer {
  return encodeChafonCommand(addr, ChafonCmd.inventorySingle);
}

export function cmdGetReaderInfo(addr: number): Buffer {
  return encodeChafonCommand(addr, ChafonCmd.getReaderInfo);
}

/** RF power in dBm (0..33 on the 288 family, 0..30 on the 18). */
export function cmdSetPower(addr: number, dbm: number): Buffer {
  if (!Number.isInteger(dbm) || dbm < 0 || dbm > 33) throw new RangeError('power 0..33 dBm');
  return encodeChafonCommand(addr, ChafonCmd.setPower, [dbm]);
}

// ---- answers ----------------------------------------------------------------------------------------

export interface ChafonTag {
  epc: Buffer;
  /** TID when the 288's FastID returned EPC + TID (DataLen bit 7). */
  tid: Buffer | null;
  /** Raw RSSI byte (288 family); null on the 18, which reports none. */
  rssi: number | null;
}

export type ChafonInventoryAnswer =
  | { kind: 'tags'; status: number; antennaMask: number | null; tags: ChafonTag[] }
  | { kind: 'statistics'; antennaMask: number; readRate: number; totalCount: number }
  | { kind: 'status'; status: number; name: string }
  | { kind: 'malformed'; reason: string };

const TAG_STATUSES = new Set<number>([
  ChafonStatus.done,
  ChafonStatus.scanTimeOverflow,
  ChafonStatus.moreFrames,
  ChafonStatus.bufferFull,
]);

const FAST_ID_TID_BYTES = 12;

/** True for the reCmds whose answers carry tags in the inventory layout (0x01, and 0x0F on the 18). */
export function isInventoryReCmd(reCmd: number, family: ChafonFamily): boolean {
  return reCmd === ChafonCmd.inventory || (reCmd === ChafonCmd.inventorySingle && family === 'uhfreader18');
}

/**
 * Parses an inventory answer: reCmd 0x01 of either family, or the UHFReader18's single-tag inventory
 * (0x0F), whose answer has the 18 layout (Num, then EPCLen EPC) with Num at most 1.
 */
export function parseInventoryAnswer(r: ChafonResponseFrame, family: ChafonFamily): ChafonInventoryAnswer {
  if (r.reCmd === ChafonCmd.inventorySingle) {
    if (family !== 'uhfreader18')
      return { kind: 'malformed', reason: 'single-tag inventory is a UHFReader18 command' };
    const a = parseInventoryAnswer({ ...r, reCmd: ChafonCmd.inventory }, family);
    if (a.kind === 'tags' && a.tags.length > 1)
      return { kind: 'malformed', reason: 'single-tag inventory with several tags' };
    return a;
  }
  if (r.status === ChafonStatus.statistics && family === 'uhfreader288' && r.data.length === 7) {
    return {
      kind: 'statistics',
      antennaMask: r.data[0] as number,
      readRate: r.data.readUInt16BE(1),
      totalCount: r.data.readUInt32BE(3),
    };
  }
  if (!TAG_STATUSES.has(r.status))
    return { kind: 'status', status: r.status, name: chafonStatusName(r.status) };
  const d = r.data;
  const is288 = family === 'uhfreader288';
  let p = is288 ? 2 : 1;
  if (d.length < p) return { kind: 'malformed', reason: 'missing tag count' };
  const antennaMask = is288 ? (d[0] as number) : null;
  const num = d[p - 1] as number;
  const tags: ChafonTag[] = [];
  for (let n = 0; n < num; n++) {
    if (p >= d.length) return { kind: 'malformed', reason: `tag ${n + 1} of ${num} missing` };
    const lenByte = d[p] as number;
    const len = is288 ? lenByte & 0x7f : lenByte;
    const withTid = is288 && (lenByte & 0x80) !== 0;
    const need = 1 + len + (is288 ? 1 : 0);
    if (p + need > d.length) return { kind: 'malformed', reason: `tag ${n + 1} overruns the frame` };
    if (withTid && len <= FAST_ID_TID_BYTES) return { kind: 'malformed', reason: 'EPC+TID block too short' };
    const block = d.subarray(p + 1, p + 1 + len);
    const epcLen = withTid ? len - FAST_ID_TID_BYTES : len;
    tags.push({
      epc: Buffer.from(block.subarray(0, epcLen)),
      tid: withTid ? Buffer.from(block.subarray(epcLen)) : null,
      rssi: is288 ? (d[p + 1 + len] as number) : null,
    });
    p += need;
  }
  if (p !== d.length) return { kind: 'malformed', reason: `${d.length - p} trailing bytes` };
  return { kind: 'tags', status: r.status, antennaMask, tags };
}

export type ChafonAutonomousFrame =
  | { kind: 'tag'; antennaMask: number | null; epc: Buffer; rssi: number | null }
  | { kind: 'heartbeat'; packetNo: number; totalCount: number }
  | { kind: 'malformed'; reason: string };

/** Parses a frame a reader sends unprompted in scan/real-time mode (reCmd 0xEE). */
export function parseAutonomous(r: ChafonResponseFrame, family: ChafonFamily): ChafonAutonomousFrame {
  const d = r.data;
  if (r.status === ChafonStatus.heartbeat) {
    if (d.length !== 16) return { kind: 'malformed', reason: 'heartbeat length' };
    return { kind: 'heartbeat', packetNo: d.readUInt32BE(0), totalCount: d.readUInt32BE(12) };
  }
  if (r.status !== ChafonStatus.ok) return { kind: 'malformed', reason: `status 0x${r.status.toString(16)}` };
  if (family === 'uhfreader18') {
    if (d.length === 0) return { kind: 'malformed', reason: 'empty EPC' };
    return { kind: 'tag', antennaMask: null, epc: Buffer.from(d), rssi: null };
  }
  const len = (d[1] ?? 0) & 0x7f;
  if (d.length !== len + 3) return { kind: 'malformed', reason: 'EPC length does not match the frame' };
  return {
    kind: 'tag',
    antennaMask: d[0] as number,
    epc: Buffer.from(d.subarray(2, 2 + len)),
    rssi: d[2 + len] as number,
  };
}

/** Antenna numbers (1-based) set in a 288-family antenna bitmask. */
export function antennasFromMask(mask: number): number[] {
  const out: number[] = [];
  for (let bit = 0; bit < 8; bit++) if (mask & (1 << bit)) out.push(bit + 1);
  return out;
}

// ---- answers built by simulators and tests ----------------------------------------------------------

export function encodeInventoryAnswer18(
  addr: number,
  status: number,
  epcs: readonly Uint8Array[],
  reCmd: number = ChafonCmd.inventory,
): Buffer {
  const data: number[] = [epcs.length];
  for (const epc of epcs) data.push(epc.length, ...epc);
  return encodeChafonResponse(addr, reCmd, status, data);
}

export function encodeInventoryAnswer288(
  addr: number,
  status: number,
  antennaMask: number,
  tags: readonly { epc: Uint8Array; rssi: number }[],
): Buffer {
  const data: number[] = [antennaMask, tags.length];
  for (const t of tags) data.push(t.epc.length, ...t.epc, t.rssi);
  return encodeChafonResponse(addr, ChafonCmd.inventory, status, data);
}

export function encodeAutonomous18(addr: number, epc: Uint8Array): Buffer {
  return encodeChafonResponse(addr, ChafonCmd.autonomous, ChafonStatus.ok, epc);
}

export function encodeAutonomous288(
  addr: number,
  antennaMask: number,
  epc: Uint8Array,
  rssi: number,
): Buffer {
  return encodeChafonResponse(addr, ChafonCmd.autonomous, ChafonStatus.ok, [
    antennaMask,
    epc.length,
    ...epc,
    rssi,
  ]);
}

export function encodeHeartbeat288(addr: number, packetNo: number, totalCount: number): Buffer {
  const data = Buffer.alloc(16);
  data.writeUInt32BE(packetNo >>> 0, 0);
  data.writeUInt32BE(totalCount >>> 0, 12);
  return encodeChafonResponse(addr, ChafonCmd.autonomous, ChafonStatus.heartbeat, data);
}
