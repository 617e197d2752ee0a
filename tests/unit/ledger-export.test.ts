// The export formats and the offline verifier, pure: a chain built in memory, written as JSON lines and as
// RFC 5424 syslog, read back and checked; every kind of damage named at the seq it starts.
import { describe, expect, it } from 'vitest';
import { chain, GENESIS_HASH, type CustodyEntry, type CustodyFields } from '../../server/domain/ledger.js';
import {
  createExportVerifier,
  escapeParamValue,
  jsonlHead,
  jsonlRow,
  parseSyslogLine,
  syslogHead,
  syslogRow,
  type ExportFormat,
} from '../../server/domain/ledger-export.js';

const NASTY = 'said "no" \\ then [left] ]] 改过\nsecond line';

function entries(n: number): Array<Omit<CustodyFields, 'seq'>> {
  return Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.UTC(2026, 10, 25, 1, 0, i)).toISOString(),
    actorUserId: i % 3 === 0 ? null : i,
    station: i % 2 ? 'kiosk-1' : null,
    action: i % 2 ? 'check_out' : 'check_in',
    itemId: 100 + i,
    fromState: i === 0 ? null : 'in_place',
    toState: 'out',
    fromLocationId: i % 2 ? 7 : null,
    toLocationId: null,
    fromHolderId: null,
    toHolderId: i % 2 ? 42 : null,
    reason: i === 4 ? NASTY : i === 5 ? '' : i % 2 ? `业主查询 ${i}` : null,
    approvalRef: i === 6 ? 'JY-2026-001' : null,
  }));
}

const LOG = chain(null, entries(12));

function exportOf(format: ExportFormat, rows: CustodyEntry[], from = 1): string[] {
  const fromPrevHash = from === 1 ? GENESIS_HASH : LOG[from - 2]!.hash;
  const last = rows[rows.length - 1];
  const head = {
    seq: last?.seq ?? from - 1,
    hash: last?.hash ?? fromPrevHash,
    exportedAt: '2026-12-01T00:00:00.000Z',
    rows: rows.length,
    from,
    fromPrevHash,
  };
  return format === 'jsonl'
    ? [...rows.map(jsonlRow), jsonlHead(head)]
    : [...rows.map((r) => syslogRow(r, 'archive-host')), syslogHead(head, 'archive-host')];
}

function verify(lines: string[]) {
  const v = createExportVerifier();
  for (const line of lines) v.line(line);
  return v.end();
}

describe.each(['jsonl', 'syslog'] as const)('a %s export', (format) => {
  it('verifies whole, and from a later seq on its fromPrevHash', () => {
    expect(verify(exportOf(format, LOG))).toMatchObject({
      ok: true,
      format,
      rows: 12,
      firstSeq: 1,
      lastSeq: 12,
      head: { seq: 12, hash: LOG[11]!.hash },
    });
    expect(verify(exportOf(format, LOG.slice(6), 7))).toMatchObject({ ok: true, rows: 6, firstSeq: 7 });
    expect(verify(exportOf(format, [], 13))).toMatchObject({ ok: true, rows: 0, head: { seq: 12 } });
  });

  it('reads back every field exactly, the reason with quotes, backslashes, brackets and a newline too', () => {
    const v = createExportVerifier();
    for (const line of exportOf(format, LOG)) v.line(line);
    expect(v.end().ok).toBe(true);
    if (format === 'syslog') {
      const line = syslogRow(LOG[4]!, 'h');
      expect(line).not.toContain('\n');
      expect(parseSyslogLine(line)!.params.get('reason')).toBe(NASTY);
      expect(parseSyslogLine(syslogRow(LOG[5]!, 'h'))!.params.get('reason')).toBe('');
      expect(parseSyslogLine(syslogRow(LOG[0]!, 'h'))!.params.has('reason')).toBe(false);
    }
  });

  it('names a tampered reason at its seq (hash)', () => {
    const lines = exportOf(format, LOG);
    lines[7] = lines[7]!.replace('业主查询 7', '业主查询 8');
    expect(verify(lines).firstBad).toMatchObject({ seq: 8, problem: 'hash' });
  });

  it('names a deleted row at the missing seq (gap)', () => {
    const lines = exportOf(format, LOG);
    lines.splice(8, 1);
    expect(verify(lines).firstBad).toMatchObject({ seq: 9, problem: 'gap' });
  });

  it('names a reordered row at the first seq out of place', () => {
    const lines = exportOf(format, LOG);
    [lines[4], lines[5]] = [lines[5]!, lines[4]!];
    expect(verify(lines).firstBad).toMatchObject({ seq: 5, problem: 'gap' });
  });

  it('names a truncated trailer, cut off or gone, at the last row', () => {
    const lines = exportOf(format, LOG);
    const cut = [...lines.slice(0, -1), lines[lines.length - 1]!.slice(0, 40)];
    expect(verify(cut)).toMatchObject({ ok: false, firstBad: { seq: 12, problem: 'head' } });
    expect(verify(lines.slice(0, -1))).toMatchObject({ ok: false, firstBad: { seq: 12, problem: 'head' } });
    expect(verify(lines.slice(0, 6))).toMatchObject({ ok: false, firstBad: { seq: 6, problem: 'head' } });
  });

  it('names a row rewritten with a recomputed hash where the next one still points at the old', () => {
    const forged = chain(null, entries(12));
    const edited = { ...forged[2]!, reason: 'rewritten' };
    const rehashed = chain({ seq: 2, hash: forged[1]!.hash }, [edited])[0]!;
    const rows = [...forged.slice(0, 2), rehashed, ...forged.slice(3)];
    expect(verify(exportOf(format, rows)).firstBad).toMatchObject({ seq: 4, problem: 'prev_hash' });
  });

  it('refuses a partial export whose first row does not chain on the stated fromPrevHash', () => {
    const lines = exportOf(format, LOG.slice(6), 7);
    const head = lines.pop()!;
    lines.push(head.replace(LOG[5]!.hash, 'f'.repeat(64)));
    expect(verify(lines).firstBad).toMatchObject({ seq: 7, problem: 'prev_hash' });
  });

  it('refuses a head that does not match the last row, and an unreadable line in the middle', () => {
    const lines = exportOf(format, LOG);
    const wrongHead = [...lines.slice(0, -2), lines[lines.length - 1]!];
    expect(verify(wrongHead).firstBad).toMatchObject({ seq: 11, problem: 'head' });
    const garbled = [...lines];
    garbled[3] = 'garbage';
    expect(verify(garbled).firstBad).toMatchObject({ seq: 4, problem: 'unreadable', line: 4 });
  });
});

describe('syslog form (RFC 5424)', () => {
  it('has PRI local0.notice, version 1, the row time, hostname, app, NILVALUE procid and the SD-ID with PEN 32473', () => {
    const line = syslogRow(LOG[1]!, 'archive host\u00e9');
    expect(line).toMatch(
      /^<133>1 2026-11-25T01:00:01\.000Z archivehost dangan - custody \[dangan@32473 seq="2" at="2026-11-25T01:00:01\.000Z" actorUserId="1" station="kiosk-1" action="check_out" /,
    );
    expect(line).toContain('\uFEFFseq 2: check_out item 101');
    expect(syslogRow(LOG[1]!, '')).toContain(' - dangan - custody ');
  });

  it('escapes ", \\ and ] in PARAM-VALUEs (§6.3.3)', () => {
    expect(escapeParamValue('a"b\\c]d')).toBe('a\\"b\\\\c\\]d');
    const line = syslogRow(LOG[4]!, 'h');
    expect(line).toContain('reason="said \\"no\\" \\\\ then [left\\] \\]\\] 改过\\nsecond line"');
  });
});
