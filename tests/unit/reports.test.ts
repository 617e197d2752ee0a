// The reports' pure rules: nearest-rank percentiles (checked against sorting the values), months and days in
// Asia/Shanghai, the default period, the read scope against `can` itself, and CSV cells that a spreadsheet
// will not run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boardMay, boardScope, roleMay, type Actor, type RecordContext } from '../../server/domain/access.js';
import {
  REPORT_UTC_OFFSET_MINUTES,
  contentDisposition,
  csvCell,
  daysLate,
  median,
  monthOf,
  monthsBetween,
  p90,
  percentile,
  percentileOf,
  recordInScope,
  resolvePeriod,
  startOfDay,
  toCsv,
  zoneOffsetMinutes,
} from '../../server/domain/reports.js';
import { DanganError } from '../../server/domain/errors.js';
import { CONFIDENTIALITY_LEVELS, DOSSIER_KINDS, ROLES } from '../../server/domain/vocabulary.js';

describe('percentiles by nearest rank', () => {
  it('takes the value at rank ⌈p·n⌉ of the sorted values', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentileOf(values, 50)).toBe(5); // rank 5: the lower middle value
    expect(percentileOf(values, 90)).toBe(9); // rank 9
    expect(percentileOf(values, 100)).toBe(10);
    expect(percentileOf([7], 50)).toBe(7);
    expect(percentileOf([7], 90)).toBe(7);
    expect(percentileOf([], 50)).toBeNull();
    expect(percentileOf([3, 1, 2], 50)).toBe(2);
    expect(percentileOf([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 90)).toBe(100); // rank ⌈9.9⌉ = 10
  });

  it('gives the same answer from a histogram as from the sorted list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 100 }),
        (values, p) => {
          const sorted = [...values].sort((a, b) => a - b);
          const expected = sorted[Math.ceil((p / 100) * sorted.length) - 1];
          expect(percentileOf(values, p)).toBe(expected);
        },
      ),
    );
  });

  it('median and p90 of a histogram with repeated values', () => {
    const bins = [
      { value: 60, count: 3 },
      { value: 1440, count: 6 },
      { value: 10, count: 1 },
    ];
    // sorted: 10, 60×3, 1440×6 (n = 10): rank 5 → 1440, rank 9 → 1440; rank 4 → 60 (p40)
    expect(median(bins)).toBe(1440);
    expect(p90(bins)).toBe(1440);
    expect(percentile(bins, 40)).toBe(60);
    expect(() => percentile(bins, 0)).toThrow(RangeError);
  });
});

describe('time in the company’s zone', () => {
  it('buckets instants by the month in Asia/Shanghai', () => {
    expect(monthOf('2026-10-31T15:59:59.999Z')).toBe('2026-10');
    expect(monthOf('2026-10-31T16:00:00.000Z')).toBe('2026-11'); // 00:00 on 1 November in Shanghai
    expect(monthOf('2026-12-31T16:30:00.000Z')).toBe('2027-01');
  });

  it('uses one fixed offset, which is what the SQL assumes, for every month since 1992', () => {
    for (let y = 1992; y <= 2040; y += 1) {
      for (let m = 0; m < 12; m += 1) {
        expect(zoneOffsetMinutes(new Date(Date.UTC(y, m, 15, 12)))).toBe(REPORT_UTC_OFFSET_MINUTES);
      }
    }
  });

  it('lists months and starts days at local midnight', () => {
    expect(monthsBetween('2025-12-01', '2026-03-04')).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
    expect(startOfDay('2026-11-01').toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(daysLate('2026-11-02T09:59:00.000Z', new Date('2026-11-03T01:00:00.000Z'))).toBe(1);
    expect(daysLate('2026-11-02T09:59:00.000Z', new Date('2026-11-02T12:00:00.000Z'))).toBe(0);
  });

  it('defaults to this month and the eleven before it', () => {
    const p = resolvePeriod(new Date('2026-12-01T15:30:00.000Z'));
    expect(p).toEqual({
      from: '2026-01-01',
      to: '2026-12-01',
      fromInstant: '2025-12-31T16:00:00.000Z',
      toInstant: '2026-12-01T16:00:00.000Z',
    });
    expect(monthsBetween(p.from, p.to)).toHaveLength(12);
    // 23:30 on 31 December in Shanghai is already 1 January there? No: 15:30Z is 23:30 the same day.
    expect(resolvePeriod(new Date('2026-12-31T16:30:00.000Z')).to).toBe('2027-01-01');
    expect(resolvePeriod(new Date('2026-03-10T00:00:00Z'), { to: '2026-03-10' }).from).toBe('2025-04-01');
  });

  it('refuses impossible or backwards periods', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    for (const asked of [
      { from: '2026-02-30' },
      { from: '2026-12-02', to: '2026-12-01' },
      { from: '2015-01-01' },
    ]) {
      expect(() => resolvePeriod(now, asked)).toThrow(DanganError);
    }
  });
});

describe('which records a caller’s figures count', () => {
  const HOME = 7;
  const records: RecordContext[] = [];
  for (const confidentiality of CONFIDENTIALITY_LEVELS)
    for (const dossierKind of [...DOSSIER_KINDS, null])
      for (const [estateId, departmentId] of [
        [HOME, null],
        [99, null],
        [null, 3],
        [null, 4],
        [null, null],
      ] as const)
        records.push({ confidentiality, dossierKind, estateId, departmentId });

  it('is exactly the board’s rule (`boardMay`) for every role that may see reports, area and record', () => {
    for (const role of ROLES) {
      if (!roleMay(role, 'reports.read')) continue;
      for (const estateIds of [[HOME], [], 'all'] as const) {
        for (const departmentId of [3, null]) {
          const actor: Actor = { userId: 1, role, departmentId, estateIds };
          const scope = boardScope(actor);
          for (const r of records) {
            expect(recordInScope(scope, r), `${role} ${JSON.stringify(estateIds)} ${JSON.stringify(r)}`).toBe(
              boardMay(actor, r),
            );
          }
        }
      }
    }
  });

  it('leaves litigation and level A out for a supervisor, and other estates; keeps all for the general manager', () => {
    const supervisor = boardScope({ userId: 1, role: 'supervisor', departmentId: 3, estateIds: [HOME] });
    expect(supervisor).toMatchObject({
      levels: ['C', 'B'],
      litigation: false,
      area: { estateIds: [HOME], departmentId: 3 },
    });
    expect(recordInScope(supervisor, { estateId: 99, confidentiality: 'C' })).toBe(false);
    const gm = boardScope({ userId: 1, role: 'gm', departmentId: null, estateIds: [] });
    expect(gm).toMatchObject({ levels: ['C', 'B', 'A'], litigation: true, area: null });
  });
});

describe('CSV', () => {
  it('neutralises cells a spreadsheet would run, and quotes what needs it', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell(-2)).toBe('-2'); // a number is a number
    expect(csvCell('华苑, 3栋')).toBe('"华苑, 3栋"');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell(null)).toBe('');
    expect(csvCell('HY-3-2-1502')).toBe('HY-3-2-1502');
  });

  it('starts with a BOM and ends lines with CRLF', () => {
    const csv = toCsv(['部门', '次数'], [['客服部', 3]], ['报表：借阅']);
    expect(csv).toBe('\uFEFF报表：借阅\r\n部门,次数\r\n客服部,3\r\n');
  });

  it('names a Chinese file with filename* (RFC 5987) and an ASCII fallback', () => {
    expect(contentDisposition('逾期未还_2026.csv', 'report-overdue.csv')).toBe(
      `attachment; filename="report-overdue.csv"; filename*=UTF-8''%E9%80%BE%E6%9C%9F%E6%9C%AA%E8%BF%98_2026.csv`,
    );
    expect(contentDisposition("a'(b).csv", 'a"b.csv')).toBe(
      `attachment; filename="a_b.csv"; filename*=UTF-8''a%27%28b%29.csv`,
    );
  });
});
