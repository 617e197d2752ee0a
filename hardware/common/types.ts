// Events and values shared by every device family: one typed vocabulary from serial bytes up to the hub.

/** Milliseconds since the epoch; injected so tests and simulators control time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** AIM symbology identifier (`]C0`, `]Q1`, ...) stripped from a scan, kept as metadata. */
export interface AimSymbology {
  /** The three characters as sent, e.g. `]C0`. */
  id: string;
  /** Human name, e.g. `Code 128`; `unknown` for codes outside our table. */
  name: string;
}

export interface ScanEvent {
  deviceId: string;
  /** Decoded text without suffix, AIM prefix or control characters (GS kept). */
  code: string;
  symbology: AimSymbology | null;
  /** The record's bytes as framed (AIM prefix included, suffix and STX/ETX excluded). */
  raw: Buffer;
  at: number;
}

export interface TagRead {
  deviceId: string;
  /** 1-based antenna port. */
  antenna: number;
  /** EPC bank contents, hex, uppercase. */
  epc: string;
  /**
   * dBm for R2000 (raw - 129); the raw byte for the Chafon 288 family, whose scale is not documented;
   * null where the reader reports none (UHFReader18).
   */
  rssi: number | null;
  at: number;
}

/** A reader's protocol-level error answer (antenna missing, parameter error...). */
export interface ReaderErrorEvent {
  deviceId: string;
  antenna: number | null;
  code: number;
  name: string;
  at: number;
}

/** End of one inventory round on one antenna: the liveness signal the watchdog and presence engine use. */
export interface InventoryRoundEvent {
  deviceId: string;
  antenna: number;
  /** Tag frames seen in the round (as counted by us, not by the reader). */
  reads: number;
  at: number;
}
