// GET /reports/{report} and its exports on both databases, over a small archive with known loans: every
// figure checked by hand (median and p90 by nearest rank), a supervisor's figures without the litigation
// folder and a general manager's with it, month buckets in Asia/Shanghai (a loan at 00:30 on 1 November
// there is a November loan although it is still 31 October in UTC), and the CSV, XLSX and PDF files read
// back (exceljs, pdftotext) for their headers, exporter and custody head.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDanganApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { fixedClock } from '../../server/providers.js';
import { appendCustody, custodyHead } from '../../server/store/custody-log.js';
import { runWriteTransaction } from '../../server/store/write-lock.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';

const NOW = '2026-12-01T04:00:00.000Z'; // 12:00 on 1 December in Shanghai
const MIN = 60_000;

interface Table {
  report: string;
  title: string;
  period: { from: string; to: string };
  columns: Array<{ key: string; zh: string; en: string }>;
  rows: Array<Array<string | number | null>>;
  total: number;
  summary: { loans: number; medianHours: number | null; p90Hours: number | null } | null;
  chart: { type: string; x: string[]; series: Array<{ label: string; values: Array<number | null> }> } | null;
}

/** Loans with known times: [item, borrower, out at, minutes out (null: still out), due at]. */
async function addLoans(t: TestDatabase, a: SmallArchive, engineer: number) {
  const k = t.db.knex;
  const id = async (barcode: string) =>
    ((await k('items').where({ barcode }).first('id')) as { id: number }).id;
  const { c1, c2, c3, b1, lit, elsewhere } = a.items;
  const loans: Array<[string, number, string, number | null, string?]> = [
    [c1, a.users.staff, '2026-10-31T15:00:00.000Z', 60], // 23:00 on 31 October in Shanghai: October
    [c1, a.users.staff, '2026-10-31T16:30:00.000Z', 120], // 00:30 on 1 November in Shanghai: November
    [c2, a.users.staff, '2026-11-05T02:00:00.000Z', 1440],
    [c2, engineer, '2026-11-10T02:00:00.000Z', 300],
    [b1, engineer, '2026-11-12T02:00:00.000Z', 600], // level B: a supervisor may read it
    [lit, engineer, '2026-11-13T02:00:00.000Z', 30], // litigation: the general manager's figures only
    [c3, a.users.staff, '2026-11-20T02:00:00.000Z', null, '2026-11-25T10:00:00.000Z'], // 6 days late
    [elsewhere, a.users.staffElsewhere, '2026-11-28T02:00:00.000Z', null, '2026-11-30T02:00:00.000Z'], // 1 day
  ];
  // Ids first: on SQLite the write transaction holds the only connection.
  const ids = new Map<string, number>();
  for (const [barcode] of loans) ids.set(barcode, await id(barcode));
  await runWriteTransaction(t.db, async (trx: Knex.Transaction) => {
    for (const [barcode, holder, at, minutes, due] of loans) {
      const itemId = ids.get(barcode)!;
      const row = {
        actorUserId: holder,
        station: 'test',
        itemId,
        fromLocationId: null,
        toLocationId: null,
        reason: null,
        approvalRef: null,
      };
      const out = { ...row, at, action: 'check_out' as const, fromState: 'in_place' as const };
      const entries = [{ ...out, toState: 'out' as const, fromHolderId: null, toHolderId: holder }];
      if (minutes !== null) {
        entries.push({
          ...row,
          at: new Date(Date.parse(at) + minutes * MIN).toISOString(),
          action: 'check_in' as never,
          fromState: 'out' as never,
          toState: 'in_place' as never,
          fromHolderId: holder as never,
          toHolderId: null as never,
        });
      } else {
        await trx('items')
          .where({ id: itemId })
          .update({ state: 'out', holder_user_id: holder, out_at: at, due_at: due });
      }
      await appendCustody(trx, entries);
    }
  });
  const alarm = (kind: string, item: number | null, raised: string, resolution: string | null) => ({
    raised_at: raised,
    kind,
    item_id: item,
    device_id: 'gate-1',
    resolved_at: resolution ? raised : null,
    resolution,
  });
  await k('alarms').insert([
    alarm('gate', await id(c1), '2026-11-02T01:00:00.000Z', 'returned'),
    alarm('gate', await id(c2), '2026-11-03T01:00:00.000Z', 'returned'),
    alarm('gate', await id(lit), '2026-11-04T01:00:00.000Z', 'false_read'),
    alarm('unauthorised_removal', await id(c2), '2026-11-05T01:00:00.000Z', null),
    alarm('unknown_tag', null, '2026-11-06T01:00:00.000Z', 'explained'),
    alarm('gate', await id(c1), '2025-06-01T01:00:00.000Z', 'returned'), // before the default period
  ]);
}

describe.each(DIALECTS)('reports on %s', (dialect) => {
  let t: TestDatabase;
  let server: TestServer;
  let archive: SmallArchive;
  const as = async (username: string) => {
    const c = client(server.url);
    await c.login(username, PASSWORD);
    return c;
  };
  let supervisor: Awaited<ReturnType<typeof as>>;
  let gm: Awaited<ReturnType<typeof as>>;
  const report = async (c: typeof supervisor, url: string) => {
    const res = await c.get<Table>(url);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const byKey = (tb: Table, ...keys: string[]) =>
    tb.rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[tb.columns.findIndex((c) => c.key === k)]])));

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    archive = await buildSmallArchive(t.db);
    const k = t.db.knex;
    const [dept] = (await k('departments').insert({ code: 'GC', name: '工程部' }).returning('id')) as Array<
      { id: number } | number
    >;
    const [eng] = (await k('users')
      .insert({
        username: 'engineer',
        display_name: '钱工程',
        role: 'staff',
        department_id: typeof dept === 'object' ? dept.id : dept,
        created_at: '2026-11-01T00:00:00.000Z',
      })
      .returning('id')) as Array<{ id: number } | number>;
    await addLoans(t, archive, typeof eng === 'object' ? eng.id : Number(eng));
    server = await startTestServer(t.db, {}, fixedClock(NOW));
    supervisor = await as('supervisor');
    gm = await as('gm');
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('loans per department and month, in Shanghai months, over the last 12 months by default', async () => {
    const s = await report(supervisor, '/reports/loans_by_department');
    expect(s.period).toEqual({ from: '2026-01-01', to: '2026-12-01' });
    expect(byKey(s, 'department', 'month', 'loans')).toEqual([
      { department: '客服部', month: '2026-10', loans: 1 },
      { department: '客服部', month: '2026-11', loans: 4 },
      { department: '工程部', month: '2026-11', loans: 2 },
    ]);
    expect(s.chart?.x).toHaveLength(12);
    expect(s.chart?.series.find((x) => x.label === '客服部')?.values.slice(-3)).toEqual([1, 4, 0]);
    const g = await report(gm, '/reports/loans_by_department');
    expect(byKey(g, 'department', 'month', 'loans')).toContainEqual({
      department: '工程部',
      month: '2026-11',
      loans: 3,
    });
    // From 1 November (Shanghai): the loan at 23:00 on 31 October there is left out, the one at 00:30 kept.
    const nov = await report(supervisor, '/reports/loans_by_department?from=2026-11-01&to=2026-11-30');
    expect(byKey(nov, 'department', 'month', 'loans')).toEqual([
      { department: '客服部', month: '2026-11', loans: 4 },
      { department: '工程部', month: '2026-11', loans: 2 },
    ]);
  });

  it('time out of the room: median and p90 by nearest rank, per department and over all', async () => {
    const s = await report(supervisor, '/reports/time_out');
    // 客服部 60, 120, 1440 min; 工程部 300, 600; all five: 60, 120, 300, 600, 1440.
    expect(byKey(s, 'department', 'loans', 'medianHours', 'p90Hours', 'maxHours')).toEqual([
      { department: '客服部', loans: 3, medianHours: 2, p90Hours: 24, maxHours: 24 },
      { department: '工程部', loans: 2, medianHours: 5, p90Hours: 10, maxHours: 10 },
      { department: '合计', loans: 5, medianHours: 5, p90Hours: 24, maxHours: 24 },
    ]);
    expect(s.summary).toEqual({ loans: 5, medianHours: 5, p90Hours: 24 });
    // Bands: under 4 h (60, 120), under a day (300, 600), 1–3 days (1440).
    expect(s.chart?.series[0]?.values).toEqual([2, 2, 1, 0, 0, 0, 0]);
    // With the litigation loan (30 min): 30, 60, 120, 300, 600, 1440: rank 3 → 120, rank 6 → 1440.
    const g = await report(gm, '/reports/time_out');
    expect(g.summary).toEqual({ loans: 6, medianHours: 2, p90Hours: 24 });
  });

  it('most-borrowed dossiers, and only those the caller may read', async () => {
    const s = await report(supervisor, '/reports/most_borrowed');
    expect(byKey(s, 'rank', 'archiveNo', 'loans')).toEqual([
      { rank: 1, archiveNo: 'HY-3-2-1502', loans: 5 },
      { rank: 2, archiveNo: 'HY-3-2-1502-ZL', loans: 1 },
      { rank: 3, archiveNo: 'LY-3-2-0801', loans: 1 },
    ]);
    const g = await report(gm, '/reports/most_borrowed?limit=2');
    expect(g.rows).toHaveLength(2);
    const all = await report(gm, '/reports/most_borrowed');
    expect(byKey(all, 'archiveNo')).toContainEqual({ archiveNo: 'SS-2026-0001' });
  });

  it('overdue loans now, with days late in Shanghai days', async () => {
    const s = await report(supervisor, '/reports/overdue');
    expect(byKey(s, 'barcode', 'holder', 'department', 'daysLate')).toEqual([
      { barcode: archive.items.c3, holder: '张客服', department: '客服部', daysLate: 6 },
      { barcode: archive.items.elsewhere, holder: '赵客服', department: '客服部', daysLate: 1 },
    ]);
    expect(s.total).toBe(2);
    expect(s.chart?.series[0]?.values).toEqual([2, 0, 0, 0]);
  });

  it('alarms by kind and resolution, grouped as stored', async () => {
    const s = await report(supervisor, '/reports/alarms');
    const rows = byKey(s, 'kind', 'resolution', 'count');
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(
      expect.arrayContaining([
        { kind: '门禁报警', resolution: '已归还', count: 2 },
        { kind: '未登记取出', resolution: '未处理', count: 1 },
        { kind: '未知标签', resolution: '已说明', count: 1 },
      ]),
    );
    const g = byKey(await report(gm, '/reports/alarms'), 'kind', 'resolution', 'count');
    expect(g).toContainEqual({ kind: '门禁报警', resolution: '误读', count: 1 });
    const en = await report(supervisor, '/reports/alarms?lang=en');
    expect(byKey(en, 'kind')).toContainEqual({ kind: 'Gate' });
  });

  it('refuses staff and admin, and a period that is not one', async () => {
    for (const who of ['staff', 'admin']) {
      expect((await (await as(who)).get('/reports/overdue')).body).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await supervisor.get('/reports/overdue?from=2026-02-30')).body).toMatchObject({
      code: 'REPORT_PERIOD_INVALID',
    });
    expect((await supervisor.get('/reports/nonsense')).status).toBe(400);
  });

  describe('exports', () => {
    let dir: string;
    let head: { seq: number; hash: string };
    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'dangan-reports-'));
      head = (await custodyHead(t.db.knex))!;
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const download = async (url: string) => {
      const token = (await supervisor.login('supervisor', PASSWORD)).body.token;
      const res = await fetch(`${server.url}/api/v1${url}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      return { res, bytes: Buffer.from(await res.arrayBuffer()) };
    };

    it('CSV: BOM, the stamp, then the table; a Chinese file name in filename*', async () => {
      const { res, bytes } = await download('/reports/loans_by_department/export?format=csv');
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const cd = res.headers.get('content-disposition')!;
      expect(cd).toContain(
        `filename*=UTF-8''${encodeURIComponent('各部门每月借阅_2026-01-01_2026-12-01.csv')}`,
      );
      expect(cd).toContain('filename="report-loans_by_department-2026-01-01_2026-12-01.csv"');
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      expect(text).toContain('导出人：王主管（supervisor）');
      expect(text).toContain(`保管日志头：seq ${head.seq} · ${head.hash}`);
      expect(text).toContain(
        '部门,月份,借阅次数\r\n客服部,2026-10,1\r\n客服部,2026-11,4\r\n工程部,2026-11,2\r\n',
      );
    });

    it('XLSX: read back with exceljs', async () => {
      const { res, bytes } = await download('/reports/time_out/export?format=xlsx');
      expect(res.headers.get('x-custody-head-seq')).toBe(String(head.seq));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect(ws.name).toBe('出库时长');
      const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
      const rows = Array.from({ length: ws.rowCount }, (_, i) => values(i + 1));
      expect(rows).toContainEqual(['导出人', '王主管（supervisor）']);
      expect(rows).toContainEqual(['保管日志头', `seq ${head.seq} · ${head.hash}`]);
      const headerAt = rows.findIndex((r) => r[0] === '部门');
      expect(rows[headerAt]).toEqual([
        '部门',
        '已归还借阅',
        '中位数（小时）',
        '90分位（小时）',
        '最长（小时）',
      ]);
      expect(rows.slice(headerAt + 1)).toEqual([
        ['客服部', 3, 2, 24, 24],
        ['工程部', 2, 5, 10, 10],
        ['合计', 5, 5, 24, 24],
      ]);
      expect(ws.headerFooter.oddHeader).toContain(`seq ${head.seq}`);
    });

    it('PDF: Chinese headers, the exporter in the watermark and header, the head seq (pdftotext)', async () => {
      const { res, bytes } = await download('/reports/overdue/export?format=pdf');
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const file = path.join(dir, 'overdue.pdf');
      writeFileSync(file, bytes);
      const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
      for (const h of ['逾期未还', '档号', '借阅人', '逾期天数', '张客服', 'HY-3-2-1502'])
        expect(text).toContain(h);
      expect(text).toContain(`保管日志头 seq ${head.seq} · ${head.hash}`);
      // The watermark: exporter, time (Shanghai) and head seq, drawn diagonally (so extracted a glyph or a
      // word at a time: compared without white space).
      expect(text.replace(/\s+/g, '')).toContain(`王主管（supervisor）2026-12-0112:00·seq${head.seq}`);
      expect(text).toContain('第1页，共1页');
    });

    it('an export is refused to staff like the report', async () => {
      const res = await (await as('staff')).get('/reports/overdue/export?format=csv');
      expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});

describe('an export is logged', () => {
  it('writes who exported which report, the format and the custody head to the server’s log', async () => {
    const t = await createTestDatabase('sqlite');
    const lines: string[] = [];
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dangan-reports-log-'));
    try {
      await buildSmallArchive(t.db);
      const config = loadConfig({
        env: {},
        overrides: {
          dataDir,
          logLevel: 'info',
          demo: { loadOnFirstStart: false },
          security: { dataKey: 'ab'.repeat(32), keyFile: path.join(dataDir, 'k.key') },
        },
      });
      const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
      const app = await createDanganApp({ config, db: t.db, logger, clock: fixedClock(NOW) });
      const port = await app.listen(0, '127.0.0.1');
      try {
        const c = client(`http://127.0.0.1:${port}`);
        const token = (await c.login('gm', PASSWORD)).body.token;
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/reports/most_borrowed/export?format=xlsx`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        const head = (await custodyHead(t.db.knex))!;
        const logged = lines
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((l) => l.event === 'report.export');
        expect(logged).toMatchObject({
          event: 'report.export',
          username: 'gm',
          role: 'gm',
          report: 'most_borrowed',
          format: 'xlsx',
          headSeq: head.seq,
          headHash: head.hash,
          at: NOW,
        });
      } finally {
        await app.closeHttp();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await t.drop();
    }
  });
});
