// GS1 GIAI-96 (Global Individual Asset Identifier, 96-bit EPC binary encoding), per the GS1 EPC Tag Data
// Standard:  header 0x34 (8) | filter (3) | partition (3) | company prefix (M) | asset reference (N)
// where M + N = 82 and the partition fixes both lengths (table below). Big-endian bit order.

export const GIAI96_HEADER = 0x34;

interface PartitionRow {
  prefixBits: number;
  prefixDigits: number;
  assetBits: number;
}

/** Partition value -> field sizes (TDS table for GIAI-96). */
export const GIAI96_PARTITIONS: readonly PartitionRow[] = [
  { prefixBits: 40, prefixDigits: 12, assetBits: 42 },
  { prefixBits: 37, prefixDigits: 11, assetBits: 45 },
  { prefixBits: 34, prefixDigits: 10, assetBits: 48 },
  { prefixBits: 30, prefixDigits: 9, assetBits: 52 },
  { prefixBits: 27, prefixDigits: 8, assetBits: 55 },
  { prefixBits: 24, prefixDigits: 7, assetBits: 58 },
  { prefixBits: 20, prefixDigits: 6, assetBits: 62 },
];

export interface Giai96 {
  /** 0 = all others, 1 = rail vehicle, 2..7 reserved. */
  filter: number;
  /** GS1 Company Prefix, 6..12 digits; its length selects the partition. */
  companyPrefix: string;
  /** Individual asset reference, decimal digits without leading zeros (an integer in GIAI-96). */
  assetReference: string;
}

export class EpcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EpcError';
  }
}

export function encodeGiai96(v: Giai96): Buffer {
  if (!Number.isInteger(v.filter) || v.filter < 0 || v.filter > 7) throw new EpcError('filter must be 0..7');
  const partition = GIAI96_PARTITIONS.findIndex((p) => p.prefixDigits === v.companyPrefix.length);
  if (partition < 0 || !/^\d+$/.test(v.companyPrefix)) {
    throw new EpcError('company prefix must be 6..12 digits');
  }
  if (!/^(0|[1-9]\d*)$/.test(v.assetReference)) {
    throw new EpcError('GIAI-96 asset reference must be digits without leading zeros');
  }
  const row = GIAI96_PARTITIONS[partition] as PartitionRow;
  const asset = BigInt(v.assetReference);
  if (asset >= 1n << BigInt(row.assetBits)) {
    throw new EpcError(`asset reference does not fit ${row.assetBits} bits`);
  }
  let bits = BigInt(GIAI96_HEADER);
  bits = (bits << 3n) | BigInt(v.filter);
  bits = (bits << 3n) | BigInt(partition);
  bits = (bits << BigInt(row.prefixBits)) | BigInt(v.companyPrefix);
  bits = (bits << BigInt(row.assetBits)) | asset;
  const out = Buffer.alloc(12);
  for (let i = 11; i >= 0; i--) {
    out[i] = Number(bits & 0xffn);
    bits >>= 8n;
  }
  return out;
}

/** Decodes a 12-byte EPC; throws EpcError when it is not a valid GIAI-96. */
export function decodeGiai96(epc: Uint8Array): Giai96 {
  if (epc.length !== 12) throw new EpcError(`GIAI-96 is 12 bytes, got ${epc.length}`);
  if (epc[0] !== GIAI96_HEADER) throw new EpcError('not a GIAI-96 header');
  let bits = 0n;
  for (const b of epc) bits = (bits << 8n) | BigInt(b);
  const filter = Number((bits >> 85n) & 7n);
  const partition = Number((bits >> 82n) & 7n);
  const row = GIAI96_PARTITIONS[partition];
  if (!row) throw new EpcError(`invalid partition ${partition}`);
  const asset = bits & ((1n << BigInt(row.assetBits)) - 1n);
  const prefix = (bits >> BigInt(row.assetBits)) & ((1n << BigInt(row.prefixBits)) - 1n);
  if (prefix >= 10n ** BigInt(row.prefixDigits)) throw new EpcError('company prefix out of range');
  return {
    filter,
    companyPrefix: prefix.toString().padStart(row.prefixDigits, '0'),
    assetReference: asset.toString(),
  };
}

/** `urn:epc:id:giai:CompanyPrefix.AssetReference` (the pure identity URI). */
export function giaiPureIdentityUri(v: Giai96): string {
  return `urn:epc:id:giai:${v.companyPrefix}.${v.assetReference}`;
}
