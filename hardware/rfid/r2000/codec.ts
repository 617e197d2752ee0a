// Impinj R2000 module serial protocol ("UHF RFID Reader Serial Interface Protocol"): frame codec and the
// commands the cabinet poller needs. Pure functions, no I/O.
//
// Frame: A0 Len Addr Cmd Data... Check; Len counts Addr..Check, so the whole frame is Len + 2 bytes.
// Check = two's complement of the byte sum from A0 to the last data byte.

export const R2000_HEAD = 0xa0;
export const R2000_BROADCAST = 0xff;
/** Smallest Len: Addr, Cmd and Check with no data. */
export const R2000_MIN_LEN = 3;

export const R2000Cmd = {
  setBaudRate: 0x71,
  getFirmwareVersion: 0x72,
  setWorkAntenna: 0x74,
  setOutputPower: 0x76,
  realTimeInventory: 0x89,
  fastSwitchAntennaInventory: 0x8a,
} as const;

/** Error codes from the manual's table that this layer reports by name. */
export const R2000_ERRORS: Readonly<Record<number, string>> = {
  0x10: 'command_success',
  0x11: 'command_fail',
  0x20: 'mcu_reset_error',
  0x21: 'cw_on_error',
  0x22: 'antenna_missing_error',
  0x23: 'write_flash_error',
  0x24: 'read_flash_error',
  0x25: 'set_output_power_error',
  0x31: 'tag_inventory_error',
  0x36: 'no_tag_error',
  0x41: 'parameter_invalid',
};

export const R2000_SUCCESS = 0x10;

export function r2000ErrorName(code: number): string {
  return R2000_ERRORS[code] ?? `error_0x${code.toString(16).padStart(2, '0')}`;
}

/** Checksum over bytes[start, end). */
export function r2000Checksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += bytes[i] as number;
  return -sum & 0xff;
}

export interface R2000Frame {
  addr: number;
  cmd: number;
  /** Bytes between Cmd and Check. */
  data: Buffer;
}

export function encodeR2000(addr: number, cmd: number, data: ArrayLike<number> = []): Buffer {
  const frame = Buffer.alloc(data.length + 5);
  frame[0] = R2000_HEAD;
  frame[1] = data.length + 3;
  frame[2] = addr & 0xff;
  frame[3] = cmd & 0xff;
  for (let i = 0; i < data.length; i++) frame[4 + i] = (data[i] as number) & 0xff;
  frame[frame.length - 1] = r2000Checksum(frame, 0, frame.length - 1);
  return frame;
}

/** Decodes one complete frame; throws when the header, length or checksum is wrong. */
export function decodeR2000(frame: Uint8Array): R2000Frame {
  if (frame.length < R2000_MIN_LEN + 2 || frame[0] !== R2000_HEAD) throw new Error('r2000: not a frame');
  if ((frame[1] as number) + 2 !== frame.length) throw new Error('r2000: length mismatch');
  if (r2000Checksum(frame, 0, frame.length - 1) !== frame[frame.length - 1]) {
    throw new Error('r2000: bad checksum');
  }
  const buf = Buffer.from(frame.buffer, frame.byteOffset, frame.length);
  return { addr: frame[2] as number, cmd: frame[3] as number, data: buf.subarray(4, frame.length - 1) };
}

// ---- commands ---------------------------------------------------------------------------------------

export function cmdGetFirmwareVersion(addr: number): Buffer {
  return encodeR2000(addr, R2000Cmd.getFirmwareVersion);
}

/** `antenna` is 1-based (1..4); the wire value is 0-based. */
export function cmdSetWorkAntenna(addr: number, antenna: number): Buffer {
  if (!Number.isInteger(antenna) || antenna < 1 || antenna > 4) throw new RangeError('antenna must be 1..4');
  return encodeR2000(addr, R2000Cmd.setWorkAntenna, [antenna - 1]);
}

/** One power (dBm, 0..33) for all antennas, or four values for antennas 1..4. */
export function cmdSetOutputPower(addr: number, dbm: number | readonly number[]): Buffer {
  const values = typeof dbm === 'number' ? [dbm] : [...dbm];
  if (values.length !== 1 && values.length !== 4) throw new RangeError('power: one value or four');
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0 || v > 33) throw new RangeError('power must be 0..33 dBm');
  }
  return encodeR2000(addr, R2000Cmd.setOutputPower, values);
}

/** `repeat` is the number of inventory rounds per command (0xFF: as fast as the reader can). */
export function cmdRealTimeInventory(addr: number, repeat = 0xff): Buffer {
  return encodeR2000(addr, R2000Cmd.realTimeInventory, [repeat]);
}

// ---- answers ----------------------------------------------------------------------------------------

export type R2000InventoryAnswer =
  | {
      kind: 'tag';
      /** 1-based antenna (FreqAnt bits 1..0 + 1). */
      antenna: number;
      freqIndex: number;
      pc: number;
      epc: Buffer;
      rssiRaw: number;
      /** Approximate dBm: raw - 129 per the manual's table. */
      rssiDbm: number;
      /** Two bytes some modules append after RSSI (phase), as sent; absent when not sent. */
      phase?: number;
    }
  | { kind: 'summary'; antenna: number; readRate: number; totalRead: number }
  /** 0x8A round end: tags read over all antennas and the command's duration in ms. */
  | { kind: 'switchSummary'; totalRead: number; durationMs: number }
  | { kind: 'error'; code: number; name: string; /** 0x8A only. */ antenna?: number }
  | { kind: 'malformed'; reason: string };

/** EPC length in bytes announced by a Gen2 PC word (bits 15..11 count 16-bit words). */
export function epcLengthFromPc(pc: number): number {
  return ((pc >> 11) & 0x1f) * 2;
}

/** Bytes an R2000-family module may append after RSSI in a 0x89 / 0x8A tag answer (phase). */
export const R2000_TRAILER_LENGTHS: readonly number[] = [0, 2];

/**
 * Frequency indexes of the manual's frequency table: 0..6 are 865.0..868.0 MHz, 7..59 are 902.0..928.0 MHz
 * in 0.5 MHz steps (60 points; the same table is in public reference code, e.g. hex-in/pyImpinj
 * constant.py). FreqAnt bits 7..2 above 59 name no frequency.
 */
export const R2000_FREQ_INDEX_MAX = 59;

/**
 * RSSI bytes a 4-port module can send. Not from the manual's table (not at hand): dBm ~ raw - 129, so
 * 0x14 is -109 dBm (below any R2000 receiver's sensitivity) and 0x7F is -2 dBm (more than a passive tag
 * backscatters); 8-port modules set bit 7 to flag antennas 5..8, which this layer does not drive.
 */
export const R2000_RSSI_RAW_MIN = 0x14;
export const R2000_RSSI_RAW_MAX = 0x7f;

/** FreqAnt names a frequency of the table (the antenna bits are always valid). */
export function freqAntPlausible(freqAnt: number): boolean {
  return freqAnt >> 2 <= R2000_FREQ_INDEX_MAX;
}

/** The RSSI byte of a tag answer whose data (FreqAnt PC EPC RSSI [phase]) fits its PC word. */
export function tagRssiRaw(data: Uint8Array): number {
  const pc = ((data[1] as number) << 8) | (data[2] as number);
  return data[3 + epcLengthFromPc(pc)] as number;
}

export function rssiPlausible(raw: number): boolean {
  return raw >= R2000_RSSI_RAW_MIN && raw <= R2000_RSSI_RAW_MAX;
}

/** Commands whose answers carry tag reads: FreqAnt PC EPC RSSI [phase]. */
export function isTagInventoryCmd(cmd: number): boolean {
  return cmd === R2000Cmd.realTimeInventory || cmd === R2000Cmd.fastSwitchAntennaInventory;
}

/**
 * True when a tag answer of `dataLen` data bytes fits the EPC length its PC word announces: FreqAnt,
 * PC (2), EPC, RSSI, then nothing or the phase bytes. A PC announcing no EPC is not a tag read.
 */
export function tagAnswerFitsPc(dataLen: number, pc: number): boolean {
  const epcLen = epcLengthFromPc(pc);
  return epcLen > 0 && R2000_TRAILER_LENGTHS.includes(dataLen - 4 - epcLen);
}

/**
 * Data lengths that are not tag answers of the inventory commands: 0x89 error or repeat (1), round
 * summary (7); 0x8A error (AntID + code, 2), round summary (TotalRead 3 + duration 4 = 7), the host's
 * four-antenna command (A..D with stay times, interval, repeat: 10).
 *
 * 0x8A layouts checked against public reference code of the same protocol (no manual at hand):
 * hex-in/pyImpinj `__init__.py` reads the fast-switch round end as `Len 0x0A, TotalRead (3 bytes,
 * big-endian), CommandDuration (4 bytes, big-endian, ms)` and the 0x89 one as `AntID, ReadRate (2),
 * TotalRead (4)`; viniggj2005/r2000-go `process_r2000_frame.go` reads the fast-switch error as
 * `Len 0x05, AntID (0-based), ErrorCode` (0x22: antenna missing). The decoder below and the fixtures
 * fastSwitchSummary / fastSwitchErrorAnt3Missing follow exactly these layouts.
 */
export function isInventoryNonTagLength(cmd: number, dataLen: number): boolean {
  if (cmd === R2000Cmd.realTimeInventory) return dataLen === 1 || dataLen === 7;
  if (cmd === R2000Cmd.fastSwitchAntennaInventory) return [1, 2, 7, 10].includes(dataLen);
  return false;
}

/**
 * Classifies the data of a 0x89 (default) or 0x8A answer. The EPC length comes from the PC word; a tag
 * answer's data is 4 + EPC (+ 2 phase bytes on modules that append them), always even, so 7 data bytes
 * are a round summary.
 */
export function parseInventoryAnswer(
  data: Buffer,
  cmd: number = R2000Cmd.realTimeInventory,
): R2000InventoryAnswer {
  const fast = cmd === R2000Cmd.fastSwitchAntennaInventory;
  if (data.length === 1) {
    const code = data[0] as number;
    return { kind: 'error', code, name: r2000ErrorName(code) };
  }
  if (fast && data.length === 2) {
    const code = data[1] as number;
    return { kind: 'error', code, name: r2000ErrorName(code), antenna: ((data[0] as number) & 0x03) + 1 };
  }
  if (data.length === 7) {
    if (fast) {
      return {
        kind: 'switchSummary',
        totalRead: data.readUIntBE(0, 3),
        durationMs: data.readUInt32BE(3),
      };
    }
    return {
      kind: 'summary',
      antenna: ((data[0] as number) & 0x03) + 1,
      readRate: data.readUInt16BE(1),
      totalRead: data.readUInt32BE(3),
    };
  }
  if (data.length < 4) return { kind: 'malformed', reason: `data length ${data.length}` };
  const freqAnt = data[0] as number;
  const pc = data.readUInt16BE(1);
  const epcLen = epcLengthFromPc(pc);
  if (!tagAnswerFitsPc(data.length, pc)) {
    return {
      kind: 'malformed',
      reason: `PC announces ${epcLen} EPC bytes, frame carries ${data.length - 4} after PC and RSSI`,
    };
  }
  const rssiRaw = data[3 + epcLen] as number;
  const trailer = data.length - 4 - epcLen;
  return {
    kind: 'tag',
    antenna: (freqAnt & 0x03) + 1,
    freqIndex: freqAnt >> 2,
    pc,
    epc: data.subarray(3, 3 + epcLen),
    rssiRaw,
    rssiDbm: rssiRaw - 129,
    ...(trailer === 2 ? { phase: data.readUInt16BE(4 + epcLen) } : {}),
  };
}

/** Builds a 0x89 (or 0x8A) tag answer (simulators and tests). */
export function encodeTagAnswer(
  addr: number,
  tag: { antenna: number; freqIndex?: number; epc: Uint8Array; rssiRaw: number; phase?: number },
  cmd: number = R2000Cmd.realTimeInventory,
): Buffer {
  if (tag.epc.length % 2 !== 0 || tag.epc.length > 62) throw new RangeError('EPC must be whole words');
  const pc = (tag.epc.length / 2) << 11;
  const freqAnt = (((tag.freqIndex ?? 0) & 0x3f) << 2) | ((tag.antenna - 1) & 0x03);
  const phase = tag.phase === undefined ? [] : [(tag.phase >> 8) & 0xff, tag.phase & 0xff];
  return encodeR2000(addr, cmd, [freqAnt, pc >> 8, pc & 0xff, ...tag.epc, tag.rssiRaw, ...phase]);
}

/** Builds a 0x89 round summary (simulators and tests). */
export function encodeRoundSummary(
  addr: number,
  antenna: number,
  readRate: number,
  totalRead: number,
): Buffer {
  const data = Buffer.alloc(7);
  data[0] = (antenna - 1) & 0x03;
  data.writeUInt16BE(readRate & 0xffff, 1);
  data.writeUInt32BE(totalRead >>> 0, 3);
  return encodeR2000(addr, R2000Cmd.realTimeInventory, data);
}

export interface FirmwareVersion {
  major: number;
  minor: number;
}

export function parseFirmwareVersion(data: Buffer): FirmwareVersion | null {
  return data.length === 2 ? { major: data[0] as number, minor: data[1] as number } : null;
}
