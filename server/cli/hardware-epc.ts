// `dangan epc`: the barcode id <-> EPC mapping by hand, with messages that say which argument is wrong and
// why. Pure functions over the hardware layer's mapping (hardware/epc/).
import { decodeGiai96, EpcError, epcToItemId, itemIdToEpc, ITEM_KINDS } from '../../hardware/index.js';
import { InputError } from './hardware-errors.js';
import { parseHexText } from './hardware-decode.js';

const LETTERS = Object.keys(ITEM_KINDS).join(', ');

/** Why `arg` is not an item id, or null when it is one. */
export function itemIdProblem(arg: string): string | null {
  if (/^[FBKSCU]\d{9}$/.test(arg)) return null;
  const letter = arg[0] ?? '';
  if (!(letter in ITEM_KINDS)) {
    const hint = letter.toUpperCase() in ITEM_KINDS ? ' (kind letters are upper-case)' : '';
    return `unknown kind letter ${JSON.stringify(letter)}${hint}: an item id is one of ${LETTERS} and 9 digits, e.g. F000001234`;
  }
  const rest = arg.slice(1);
  const bad = rest.search(/\D/);
  if (bad >= 0) return `${JSON.stringify(rest[bad])} at position ${bad + 2} is not a digit`;
  return `${rest.length} digits after the letter; an item id has exactly 9, e.g. F000001234`;
}

export interface EncodedId {
  itemId: string;
  epc: string;
}

/** All ids or none: every bad argument is named in one InputError. */
export function encodeItemIds(ids: readonly string[], companyPrefix: string): EncodedId[] {
  const problems = ids.flatMap((id) => {
    const p = itemIdProblem(id);
    return p ? [`${JSON.stringify(id)}: ${p}`] : [];
  });
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return ids.map((itemId) => ({ itemId, epc: itemIdToEpc(itemId, { companyPrefix }) }));
}

/** EPC header byte -> scheme name (96-bit schemes of the GS1 EPC Tag Data Standard). */
const SCHEMES: Readonly<Record<number, string>> = {
  0x2c: 'gdti-96',
  0x2d: 'gsrn-96',
  0x30: 'sgtin-96',
  0x31: 'sscc-96',
  0x32: 'sgln-96',
  0x33: 'grai-96',
  0x34: 'giai-96',
  0x35: 'gid-96',
};

export interface EpcDescription {
  epc: string;
  scheme: string;
  filter: number | null;
  companyPrefix: string | null;
  assetReference: string | null;
  itemId: string | null;
  /** Why itemId is null, for people. */
  note?: string;
}

function parseEpcArg(arg: string): string {
  let bytes: Buffer;
  try {
    bytes = parseHexText(arg);
  } catch (err) {
    throw new InputError(`${JSON.stringify(arg)}: ${(err as Error).message}`);
  }
  if (bytes.length !== 12) {
    throw new InputError(
      `${JSON.stringify(arg)}: an EPC here is 96 bits = 24 hex digits, got ${bytes.length * 2}`,
    );
  }
  return bytes.toString('hex').toUpperCase();
}

export function describeEpc(epc: string, companyPrefix: string): EpcDescription {
  const header = parseInt(epc.slice(0, 2), 16);
  const scheme = SCHEMES[header] ?? `unknown (header 0x${epc.slice(0, 2)})`;
  const none = { filter: null, companyPrefix: null, assetReference: null, itemId: null };
  if (scheme !== 'giai-96') {
    return { epc, scheme, ...none, note: 'not a GIAI-96 EPC: not a Dangan tag' };
  }
  try {
    const g = decodeGiai96(Buffer.from(epc, 'hex'));
    const itemId = epcToItemId(epc, { companyPrefix });
    const base = {
      epc,
      scheme,
      filter: g.filter,
      companyPrefix: g.companyPrefix,
      assetReference: g.assetReference,
    };
    if (itemId) return { ...base, itemId };
    const note =
      g.companyPrefix !== companyPrefix
        ? `company prefix ${g.companyPrefix} is not the configured ${companyPrefix}`
        : `asset reference ${g.assetReference} is not in the item id scheme (kind digit 1-6 + 9 digits)`;
    return { ...base, itemId: null, note };
  } catch (err) {
    if (!(err instanceof EpcError)) throw err;
    return { epc, scheme, ...none, note: err.message };
  }
}

/** All EPCs or none: every bad argument is named in one InputError. */
export function describeEpcs(args: readonly string[], companyPrefix: string): EpcDescription[] {
  const problems: string[] = [];
  const epcs: string[] = [];
  for (const arg of args) {
    try {
      epcs.push(parseEpcArg(arg));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return epcs.map((epc) => describeEpc(epc, companyPrefix));
}
