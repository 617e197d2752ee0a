// The custody log as a file for a company's log platform, and checking such a file with no database.
// Two formats, one row per line, each ending in a head trailer naming the chain head the export ends at:
//   jsonl  — one JSON object per row with every field the hash covers, then {"type":"head",…}
//   syslog — RFC 5424 messages, the fields as SD-PARAMs of [dangan@32473 …], then a head message.
// A partial export (from seq A > 1) states the hash it chains on from (`fromPrevHash`, the hash of row A-1),
// so its first row still verifies; the head's hash is what the export vouches for: every exported row, and
// through fromPrevHash every row before it, is as it was when that head was computed.
import { GENESIS_HASH, entryHash, type CustodyEntry, type CustodyFields } from './ledger.js';

export type ExportFormat = 'jsonl' | 'syslog';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'syslog'];

/**
 * The documentation private enterprise number (RFC 5612): a placeholder until the company registers its
 * own with IANA; the SD-ID `dangan@32473` follows RFC 5424 §7.2.2's name@PEN form.
 */
export const SYSLOG_PEN = 32473;
export const SYSLOG_SD_ID = `dangan@${SYSLOG_PEN}`;
/** Facility local0 (16), severity notice (5): a normal but significant event. PRI = 16 * 8 + 5. */
export const SYSLOG_PRI = 16 * 8 + 5;
const BOM = '\uFEFF';

export interface ExportHead {
  /** The last exported row's seq (from - 1 when the export has no rows). */
  seq: number;
  /** That row's hash: the chain head the export ends at. */
  hash: string;
  exportedAt: string;
  rows: number;
  /** The first seq asked for. */
  from: number;
  /** The hash the first row chains on: row from-1's, GENESIS_HASH when from is 1. */
  fromPrevHash: string;
}

// Field order of the hash (ledger.ts canonicalEncoding), with each field's kind for parsing back.
const FIELDS: ReadonlyArray<[keyof CustodyFields, 'int' | 'int?' | 'str' | 'str?']> = [
  ['seq', 'int'],
  ['at', 'str'],
  ['actorUserId', 'int?'],
  ['station', 'str?'],
  ['action', 'str'],
  ['itemId', 'int'],
  ['fromState', 'str?'],
  ['toState', 'str'],
  ['fromLocationId', 'int?'],
  ['toLocationId', 'int?'],
  ['fromHolderId', 'int?'],
  ['toHolderId', 'int?'],
  ['reason', 'str?'],
  ['approvalRef', 'str?'],
];

// ---- JSON lines ----

export function jsonlRow(e: CustodyEntry): string {
  const row: Record<string, unknown> = { type: 'row' };
  for (const [name] of FIELDS) row[name] = e[name];
  row.prevHash = e.prevHash;
  row.hash = e.hash;
  return JSON.stringify(row);
}

export function jsonlHead(h: ExportHead): string {
  return JSON.stringify({ type: 'head', ...h });
}

// ---- syslog (RFC 5424) ----

/**
 * PARAM-VALUE escaping (RFC 5424 §6.3.3): `"`, `\` and `]` get a backslash. CR and LF are written `\r`, `\n`
 * so one message stays one line of the file (RFC 5424 reads a backslash before any other character as
 * literal, so a generic receiver shows them as typed; this file's reader turns them back).
 */
export function escapeParamValue(value: string): string {
  return value
    .replace(/["\\\]]/g, (c) => `\\${c}`)
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n');
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

/** HOSTNAME: 1..255 printable US-ASCII, else the NILVALUE. */
export function syslogHostname(host: string): string {
  const clean = host.replace(/[^\x21-\x7e]/g, '').slice(0, 255);
  return clean || '-';
}

function sdElement(params: Array<[string, string | number | null]>): string {
  const parts = params
    .filter((p): p is [string, string | number] => p[1] !== null)
    .map(([k, v]) => `${k}="${escapeParamValue(String(v))}"`);
  return `[${SYSLOG_SD_ID} ${parts.join(' ')}]`;
}

function header(at: string, hostname: string, msgId: string): string {
  return `<${SYSLOG_PRI}>1 ${RFC3339.test(at) ? at : '-'} ${syslogHostname(hostname)} dangan - ${msgId}`;
}

/** A readable one-line summary; the SD-PARAMs carry the exact values. */
function summary(e: CustodyEntry): string {
  const parts = [`seq ${e.seq}: ${e.action} item ${e.itemId}`, `${e.fromState ?? '-'} -> ${e.toState}`];
  if (e.toHolderId !== null) parts.push(`holder ${e.toHolderId}`);
  if (e.toLocationId !== null) parts.push(`location ${e.toLocationId}`);
  parts.push(`by ${e.actorUserId === null ? 'system' : `user ${e.actorUserId}`}`);
  if (e.station !== null) parts.push(`at ${e.station}`);
  return parts.join(', ').replace(/[\r\n]/g, ' ');
}

/** A null field is left out; an empty string is `name=""`. */
export function syslogRow(e: CustodyEntry, hostname: string): string {
  const params: Array<[string, string | number | null]> = FIELDS.map(([name]) => [name, e[name]]);
  params.push(['prevHash', e.prevHash], ['hash', e.hash]);
  return `${header(e.at, hostname, 'custody')} ${sdElement(params)} ${BOM}${summary(e)}`;
}

export function syslogHead(h: ExportHead, hostname: string): string {
  const params: Array<[string, string | number]> = [
    ['seq', h.seq],
    ['hash', h.hash],
    ['exportedAt', h.exportedAt],
    ['rows', h.rows],
    ['from', h.from],
    ['fromPrevHash', h.fromPrevHash],
  ];
  return `${header(h.exportedAt, hostname, 'custody-head')} ${sdElement(params)} ${BOM}custody log head: seq ${h.seq}, ${h.rows} rows exported from seq ${h.from}`;
}

/** Parses the SD-ELEMENT `[dangan@32473 …]` of one message; null when the line has none or it is malformed. */
export function parseSyslogLine(line: string): { msgId: string; params: Map<string, string> } | null {
  const m = /^<\d{1,3}>1 \S+ \S+ \S+ \S+ (\S+) /.exec(line);
  if (!m) return null;
  const msgId = m[1]!;
  let i = m[0].length;
  const open = `[${SYSLOG_SD_ID}`;
  if (!line.startsWith(open, i)) return null;
  i += open.length;
  const params = new Map<string, string>();
  for (;;) {
    if (line[i] === ']') return { msgId, params };
    if (line[i] !== ' ') return null;
    i += 1;
    const eq = line.indexOf('="', i);
    if (eq < 0) return null;
    const name = line.slice(i, eq);
    if (!/^[^= \]"]{1,32}$/.test(name)) return null;
    i = eq + 2;
    let value = '';
    for (;;) {
      const c = line[i];
      if (c === undefined) return null;
      if (c === '"') break;
      if (c === '\\') {
        const n = line[i + 1];
        if (n === '"' || n === '\\' || n === ']') value += n;
        else if (n === 'n') value += '\n';
        else if (n === 'r') value += '\r';
        else {
          value += '\\';
          i += 1;
          continue;
        }
        i += 2;
        continue;
      }
      if (c === ']') return null; // an unescaped ']' inside a value
      value += c;
      i += 1;
    }
    params.set(name, value);
    i += 1;
  }
}

// ---- reading either format back ----

export type ExportLine =
  { type: 'row'; entry: CustodyEntry } | { type: 'head'; head: ExportHead } | { type: 'bad'; why: string };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const HEX64 = /^[0-9a-f]{64}$/;

function fromObject(o: Record<string, unknown>): ExportLine {
  if (o.type === 'head') {
    const { seq, hash, exportedAt, rows, from, fromPrevHash } = o;
    if (!isInt(seq) || !isInt(rows) || !isInt(from)) return { type: 'bad', why: 'head: seq, rows, from' };
    if (typeof hash !== 'string' || typeof fromPrevHash !== 'string' || typeof exportedAt !== 'string')
      return { type: 'bad', why: 'head: hash, fromPrevHash, exportedAt' };
    return { type: 'head', head: { seq, hash, exportedAt, rows, from, fromPrevHash } };
  }
  if (o.type !== 'row') return { type: 'bad', why: 'neither a row nor the head' };
  const entry: Record<string, unknown> = {};
  for (const [name, kind] of FIELDS) {
    const v = o[name];
    const ok =
      kind === 'int'
        ? isInt(v)
        : kind === 'int?'
          ? v === null || isInt(v)
          : kind === 'str'
            ? typeof v === 'string'
            : v === null || typeof v === 'string';
    if (!ok) return { type: 'bad', why: `field ${name}` };
    entry[name] = v;
  }
  if (typeof o.prevHash !== 'string' || typeof o.hash !== 'string')
    return { type: 'bad', why: 'field prevHash or hash' };
  entry.prevHash = o.prevHash;
  entry.hash = o.hash;
  return { type: 'row', entry: entry as unknown as CustodyEntry };
}

function jsonlLine(line: string): ExportLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { type: 'bad', why: 'not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { type: 'bad', why: 'not a JSON object' };
  return fromObject(parsed as Record<string, unknown>);
}

const DECIMAL = /^(0|-?[1-9]\d*)$/;

function syslogLine(line: string): ExportLine {
  const parsed = parseSyslogLine(line);
  if (!parsed) return { type: 'bad', why: 'not an RFC 5424 message with [dangan@32473 …]' };
  const p = parsed.params;
  const int = (name: string) => {
    const v = p.get(name);
    return v !== undefined && DECIMAL.test(v) ? Number(v) : v === undefined ? null : NaN;
  };
  if (parsed.msgId === 'custody-head') {
    return fromObject({
      type: 'head',
      seq: int('seq'),
      hash: p.get('hash'),
      exportedAt: p.get('exportedAt'),
      rows: int('rows'),
      from: int('from'),
      fromPrevHash: p.get('fromPrevHash'),
    });
  }
  if (parsed.msgId !== 'custody') return { type: 'bad', why: `unknown MSGID ${parsed.msgId}` };
  const o: Record<string, unknown> = { type: 'row', prevHash: p.get('prevHash'), hash: p.get('hash') };
  for (const [name, kind] of FIELDS) o[name] = kind.startsWith('int') ? int(name) : (p.get(name) ?? null);
  return fromObject(o);
}

export function detectFormat(firstLine: string): ExportFormat | null {
  const line = firstLine.replace(/^\uFEFF/, '');
  if (line.startsWith('{')) return 'jsonl';
  if (/^<\d{1,3}>1 /.test(line)) return 'syslog';
  return null;
}

export function parseExportLine(format: ExportFormat, line: string): ExportLine {
  return format === 'jsonl' ? jsonlLine(line) : syslogLine(line);
}

// ---- verification, a line at a time ----

export type ExportProblem =
  | 'unreadable' // a line that is neither a row nor the head
  | 'gap' // a seq missing or out of order here
  | 'prev_hash' // the row does not chain on the one before (or on the head's fromPrevHash)
  | 'hash' // the row's hash is not the hash of its fields
  | 'after_head' // rows after the head trailer
  | 'head' // the head is missing, cut off or does not match the rows
  | 'empty'; // nothing to verify

export interface ExportVerdict {
  ok: boolean;
  format: ExportFormat | null;
  rows: number;
  firstSeq: number | null;
  lastSeq: number | null;
  head: ExportHead | null;
  firstBad?: { seq: number; problem: ExportProblem; why: string; line: number };
}

/**
 * Verifies an export fed a line at a time (so a file of any size streams through). Rows are checked as
 * they come: seq by seq, each on the one before, each hash recomputed; the first row on the head's
 * fromPrevHash when the head arrives at the end. A bad seq is the first one the file fails to vouch for.
 */
export function createExportVerifier() {
  let format: ExportFormat | null = null;
  let lineNo = 0;
  let rows = 0;
  let first: CustodyEntry | null = null;
  let previous: { seq: number; hash: string } | null = null;
  let head: ExportHead | null = null;
  let pendingBad: { line: number; why: string } | null = null;
  let failed: ExportVerdict['firstBad'] | null = null;

  const nextSeq = () => (previous ? previous.seq + 1 : 1);
  const fail = (seq: number, problem: ExportProblem, why: string, line = lineNo) => {
    failed = { seq, problem, why, line };
  };
  const verdict = (): ExportVerdict => ({
    ok: !failed,
    format,
    rows,
    firstSeq: first?.seq ?? null,
    lastSeq: previous?.seq ?? null,
    head,
    ...(failed ? { firstBad: failed } : {}),
  });

  function row(e: CustodyEntry): void {
    if (head) return fail(e.seq, 'after_head', `seq ${e.seq} follows the head trailer`);
    if (previous && e.seq !== previous.seq + 1) {
      return fail(
        previous.seq + 1,
        'gap',
        `expected seq ${previous.seq + 1}, found seq ${e.seq} (a row removed or out of order)`,
      );
    }
    if (previous && e.prevHash !== previous.hash)
      return fail(e.seq, 'prev_hash', `seq ${e.seq} does not chain on seq ${previous.seq}`);
    if (!previous && e.seq === 1 && e.prevHash !== GENESIS_HASH)
      return fail(1, 'prev_hash', 'seq 1 does not chain on the genesis hash');
    if (!HEX64.test(e.hash) || entryHash(e, e.prevHash) !== e.hash)
      return fail(e.seq, 'hash', `seq ${e.seq}'s hash is not the hash of its fields`);
    first ??= e;
    previous = { seq: e.seq, hash: e.hash };
    rows += 1;
  }

  function checkHead(h: ExportHead): void {
    const at = previous?.seq ?? h.from;
    if (first && h.from !== first.seq)
      return fail(first.seq, 'head', `the head says from ${h.from}, the rows start at ${first.seq}`);
    if (first && h.fromPrevHash !== first.prevHash)
      return fail(first.seq, 'prev_hash', `seq ${first.seq} does not chain on the head's fromPrevHash`);
    if (!first && (h.seq !== h.from - 1 || h.hash !== h.fromPrevHash))
      return fail(h.from, 'head', 'an export with no rows must end where it starts');
    if (h.rows !== rows) return fail(at, 'head', `the head counts ${h.rows} rows, the file has ${rows}`);
    if (previous && (h.seq !== previous.seq || h.hash !== previous.hash))
      return fail(at, 'head', `the head (seq ${h.seq}) is not the last row's (seq ${previous.seq})`);
  }

  return {
    /** Feeds one line (without its newline). */
    line(text: string): void {
      lineNo += 1;
      if (failed) return;
      if (text.trim() === '') return;
      if (pendingBad) return fail(nextSeq(), 'unreadable', pendingBad.why, pendingBad.line);
      format ??= detectFormat(text);
      if (!format) return fail(nextSeq(), 'unreadable', 'neither JSON lines nor RFC 5424 syslog');
      const parsed = parseExportLine(format, text.replace(/^\uFEFF/, ''));
      if (parsed.type === 'bad') {
        // A bad last line is a cut-off head; a bad line with more after it is unreadable.
        pendingBad = { line: lineNo, why: `line ${lineNo}: ${parsed.why}` };
        return;
      }
      if (parsed.type === 'row') return row(parsed.entry);
      if (head) return fail(nextSeq(), 'after_head', 'a second head trailer');
      head = parsed.head;
      checkHead(parsed.head);
    },
    end(): ExportVerdict {
      if (!failed) {
        const last = previous?.seq ?? 0;
        if (pendingBad)
          fail(
            last,
            'head',
            `the last line is cut off (${pendingBad.why}): no head trailer`,
            pendingBad.line,
          );
        else if (lineNo === 0 || (!head && rows === 0)) fail(0, 'empty', 'nothing to verify');
        else if (!head) fail(last, 'head', `no head trailer after seq ${last} (the file is truncated)`);
      }
      return verdict();
    },
  };
}
