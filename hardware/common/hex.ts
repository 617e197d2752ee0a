// Hex helpers for logs, tests and EPC strings.

export function toHex(bytes: Uint8Array, separator = ''): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0 && separator) out += separator;
    out += (bytes[i] as number).toString(16).padStart(2, '0').toUpperCase();
  }
  return out;
}

/** Parses `A0 04 01 89`, `a0040189` or `A0-04`; throws on odd length or a non-hex character. */
export function fromHex(text: string): Buffer {
  const clean = text.replace(/[\s:-]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new Error(`not a hex byte string: ${JSON.stringify(text)}`);
  }
  return Buffer.from(clean, 'hex');
}
