// Labels and printing against real databases (a SQLite file and PostgreSQL): previews that decode back to
// the folder's barcode id, a local TCP "printer" that receives exactly the job bytes, first prints recorded
// in label_prints, reprints logged as 'relabel' in the custody log, and refusals that leave no trace.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_ERROR_MESSAGES, type LabelErrorCode } from '../../labels/index.js';
import * as labelPrintsMigration from '../../migrations/20261125_002_label_prints.js';
import { loadConfig } from '../../server/config.js';
import type { Actor } from '../../server/domain/access.js';
import { ERRORS } from '../../server/domain/errors.js';
import type { CustodyEntry } from '../../server/domain/ledger.js';
import { EventBus } from '../../server/events.js';
import { createHttpApp } from '../../server/http/app.js';
import { authRoutes } from '../../server/http/routes/auth.js';
import { labelRoutes } from '../../server/http/routes/labels.js';
import { sessionAuthenticator } from '../../server/http/session.js';
import { createLogger } from '../../server/logger.js';
import { fixedClock, systemRandom } from '../../server/providers.js';
import { createAuthService } from '../../server/services/auth.js';
import {
  createPrintingService,
  parsePrinters,
  printerDeviceIssues,
  printersConfigSchema,
  type LabelSelection,
  type PrintingService,
} from '../../server/services/printing.js';
import { verifyCustodyLog } from '../../server/store/custody-log.js';
import { findItem } from '../../server/store/items.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { buildSmallArchive, PASSWORD, type SmallArchive } from '../helpers/small-archive.js';
import { decodeLayout, pngToGrey } from '../labels/helpers/decode.js';

/** A raw-TCP "label printer": every connection that sends bytes is one job. */
async function fakePrinter() {
  const jobs: Buffer[] = [];
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      if (chunks.length) jobs.push(Buffer.concat(chunks));
      socket.end();
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    jobs,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Res {
  status: number;
  headers: Headers;
  bytes: Buffer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

describe.each(DIALECTS)('labels and printing on %s', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let zebra: Awaited<ReturnType<typeof fakePrinter>>;
  let server: http.Server;
  let base: string;
  let spoolDir: string;
  let printing: PrintingService;
  const published: CustodyEntry[] = [];
  const tokens = new Map<string, string>();
  const clock = fixedClock('2026-11-25T02:00:00.000Z');

  const count = async (table: string, where: Record<string, unknown> = {}) =>
    Number(((await t.db.knex(table).where(where).count({ n: '*' }).first()) as { n: number | string }).n);
  const snapshot = async () => ({
    custody: await count('custody_log'),
    prints: await count('label_prints'),
    jobs: zebra.jobs.length,
  });

  async function call(user: string, method: string, route: string, body?: unknown): Promise<Res> {
    let token = tokens.get(user);
    if (!token) {
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user, password: PASSWORD }),
      });
      token = ((await login.json()) as { token: string }).token;
      tokens.set(user, token);
    }
    const res = await fetch(`${base}/api/v1${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const json = res.headers.get('content-type')?.startsWith('application/json')
      ? (JSON.parse(bytes.toString('utf8')) as unknown)
      : null;
    return { status: res.status, headers: res.headers, bytes, json };
  }
  const post = (user: string, route: string, body: unknown) => call(user, 'POST', route, body);
  const folders = (...barcodes: string[]): LabelSelection => ({ kind: 'items', items: barcodes });
  const archivist = (): Actor => ({
    userId: a.users.archivist,
    role: 'archivist',
    departmentId: null,
    estateIds: 'all',
  });

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    zebra = await fakePrinter();
    spoolDir = mkdtempSync(path.join(os.tmpdir(), 'dangan-spool-'));
    const config = loadConfig({
      env: {},
      overrides: {
        dataDir: spoolDir,
        logLevel: 'silent',
        demo: { loadOnFirstStart: false },
        security: { dataKey: 'ab'.repeat(32) },
        printers: [
          { name: 'zebra', transport: { type: 'tcp', host: '127.0.0.1', port: zebra.port }, language: 'zpl' },
          {
            name: 'dead',
            transport: { type: 'tcp', host: '127.0.0.1', port: await closedPort(), connectTimeoutMs: 1500 },
            language: 'zpl',
          },
          {
            name: 'tsc',
            transport: { type: 'spool', dir: path.join(spoolDir, 'tsc') },
            language: 'tspl',
            size: '100x50',
          },
          { name: 'office', transport: { type: 'browser' }, language: 'html' },
        ],
      },
    });
    const bus = new EventBus();
    bus.subscribe('custody', (e) => published.push(e));
    const auth = createAuthService({ db: t.db, bus, clock, random: systemRandom, security: config.security });
    printing = createPrintingService({ db: t.db, bus, clock, printers: parsePrinters(config.printers) });
    const app = createHttpApp({
      routes: [...authRoutes(auth, config.security), ...labelRoutes(printing)],
      authenticate: sessionAuthenticator(auth),
      logger: createLogger('silent'),
      version: 'test',
    });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await zebra?.close();
    if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
    await t?.drop();
  });

  it('lists the printers with their health to archivists and admins, not to staff', async () => {
    const res = await call('archivist', 'GET', '/printers');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(
      (res.json.printers as Array<{ name: string; state: string; checkedAt: string }>).map((p) => [
        p.name,
        p,
      ]),
    );
    expect(byName.zebra).toMatchObject({ transport: 'tcp', language: 'zpl', dpi: 203, state: 'ready' });
    expect(byName.dead).toMatchObject({ state: 'unreachable' });
    expect(byName.tsc).toMatchObject({
      transport: 'spool',
      language: 'tspl',
      size: '100x50',
      state: 'ready',
    });
    expect(byName.office).toMatchObject({ transport: 'browser', state: 'ready' });
    expect(byName.zebra?.checkedAt).toBe('2026-11-25T02:00:00.000Z');
    expect((await call('admin', 'GET', '/printers')).status).toBe(200);
    const staff = await call('staff', 'GET', '/printers');
    expect(staff.status).toBe(403);
    expect(staff.json).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('previews a folder label as PNG whose every barcode decodes back to the folder id', async () => {
    const res = await post('archivist', '/labels/preview', {
      template: 'folder',
      selection: folders(a.items.c1),
      format: 'png',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-label-count')).toBe('1');
    const { layouts } = await printing.preview({ actor: archivist() }, folders(a.items.c1), 'folder', 'svg');
    const decoded = decodeLayout(pngToGrey(res.bytes), layouts[0]!, 300 / 25.4);
    expect(decoded.map((d) => d.item.symbology).sort()).toEqual(['code128', 'qrcode']);
    for (const d of decoded) expect(d.text).toBe('F000000001');
  });

  it('maps the record onto the label: 档号, property, group, 密级, retention', async () => {
    const res = await post('archivist', '/labels/preview', {
      template: 'folder',
      selection: folders(a.items.b1.toLowerCase()),
      format: 'svg',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    const svg = res.bytes.toString('utf8');
    for (const text of [
      'HY-3-2-1502-ZL',
      '华苑 3栋2单元1502',
      'A类 销售签约办证入伙',
      'B 机密',
      '保管 永久',
      'F000000004',
    ]) {
      expect(svg).toContain(text);
    }
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
  });

  it('previews PDF, ZPL, TSPL and the @page-sized HTML page, each with its content type', async () => {
    const body = (format: string, extra: Record<string, unknown> = {}) => ({
      template: 'folder',
      selection: folders(a.items.c1, a.items.c2),
      format,
      ...extra,
    });
    const pdf = await post('archivist', '/labels/preview', body('pdf'));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const zpl = await post('archivist', '/labels/preview', body('zpl'));
    expect(zpl.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(zpl.bytes.toString('utf8').match(/\^XA/g)).toHaveLength(2);
    expect(zpl.bytes.toString('utf8')).toContain('^FDHY-3-2-1502^FS');
    const tspl = await post('archivist', '/labels/preview', body('tspl'));
    expect(tspl.headers.get('content-type')).toBe('text/plain; charset=gbk');
    expect(iconv.decode(tspl.bytes, 'gbk')).toContain('华苑 3栋2单元1502');
    const html = await post('archivist', '/labels/preview', body('html', { autoPrint: true }));
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = html.bytes.toString('utf8');
    expect(page).toContain('@page { size: 60mm 40mm; margin: 0 }');
    expect(page.match(/<div class="label">/g)).toHaveLength(2);
    expect(page).toContain('window.print()');
    // The page may run its one print script and nothing else.
    expect(html.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });

  it('previews write nothing', async () => {
    const before = await snapshot();
    await post('archivist', '/labels/preview', {
      template: 'folder',
      selection: folders(a.items.c3),
      format: 'zpl',
    });
    await post('archivist', '/labels/preview', {
      template: 'folder',
      selection: { kind: 'new' },
      format: 'pdf',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('first print: the ZPL printer receives exactly the job bytes, label_prints records it, no relabel row', async () => {
    const before = await snapshot();
    const expected = await post('archivist', '/labels/preview', {
      template: 'folder',
      selection: folders(a.items.c1, a.items.c2),
      printer: 'zebra',
    });
    const res = await post('archivist', '/labels/print', {
      template: 'folder',
      selection: folders(a.items.c1, a.items.c2),
      printer: 'zebra',
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      printer: 'zebra',
      language: 'zpl',
      template: 'folder',
      labels: [
        { id: 'F000000001', kind: 'first', custodySeq: null },
        { id: 'F000000002', kind: 'first', custodySeq: null },
      ],
    });
    expect(zebra.jobs).toHaveLength(before.jobs + 1);
    const job = zebra.jobs.at(-1)!;
    expect(job.equals(expected.bytes)).toBe(true);
    expect(res.json.bytes).toBe(job.length);
    const text = job.toString('utf8');
    expect(text).toContain('^CI28');
    expect(text).toContain('HY-3-2-1502');
    expect(text).toContain('华苑 3栋2单元1502');
    expect(await count('custody_log')).toBe(before.custody);
    expect(await count('label_prints')).toBe(before.prints + 2);
    const rows = await t.db.knex('label_prints').where({ job: res.json.job }).orderBy('code');
    expect(rows.map((r: { code: string; kind: string }) => [r.code, r.kind])).toEqual([
      ['F000000001', 'first'],
      ['F000000002', 'first'],
    ]);
    expect(rows[0]).toMatchObject({ template: 'folder', subject: 'item', printer: 'zebra', language: 'zpl' });
  });

  it('a reprint without a reason is refused before anything is sent or written', async () => {
    const before = await snapshot();
    const res = await post('archivist', '/labels/print', {
      template: 'folder',
      selection: folders(a.items.c1, a.items.c3),
      printer: 'zebra',
    });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ code: 'REPRINT_REASON_REQUIRED', details: { labels: ['F000000001'] } });
    expect(await snapshot()).toEqual(before);
  });

  it("a reprint writes exactly one 'relabel' custody row per reprinted folder, and the chain verifies", async () => {
    const before = await snapshot();
    const events = published.length;
    const res = await post('archivist', '/labels/print', {
      template: 'folder',
      selection: folders(a.items.c1, a.items.c2, a.items.c3),
      printer: 'zebra',
      reason: '标签破损',
    });
    expect(res.status).toBe(200);
    const labels = res.json.labels as Array<{ id: string; kind: string; custodySeq: number | null }>;
    expect(labels.map((l) => [l.id, l.kind])).toEqual([
      ['F000000001', 'reprint'],
      ['F000000002', 'reprint'],
      ['F000000003', 'first'],
    ]);
    expect(zebra.jobs).toHaveLength(before.jobs + 1);
    expect(await count('custody_log')).toBe(before.custody + 2);
    const relabels = await t.db.knex('custody_log').where({ action: 'relabel' }).orderBy('seq');
    expect(relabels).toHaveLength(2);
    const c1 = (await findItem(t.db.knex, { barcode: a.items.c1 }))!;
    const c2 = (await findItem(t.db.knex, { barcode: a.items.c2 }))!;
    expect(relabels.map((r: { item_id: number }) => Number(r.item_id))).toEqual([c1.id, c2.id]);
    for (const r of relabels) {
      expect(r).toMatchObject({
        reason: 'reprint: 标签破损',
        from_state: 'in_place',
        to_state: 'in_place',
        actor_user_id: a.users.archivist,
        station: 'web',
      });
      expect(Number(r.from_location_id)).toBe(a.shelves.s1);
      expect(Number(r.to_location_id)).toBe(a.shelves.s1);
    }
    expect(labels[0]!.custodySeq).toBe(Number(relabels[0].seq));
    expect(labels[2]!.custodySeq).toBeNull();
    expect(c1).toMatchObject({ state: 'in_place', version: 0 });
    expect(await verifyCustodyLog(t.db.knex)).toMatchObject({ ok: true });
    expect(published.slice(events).map((e) => e.action)).toEqual(['relabel', 'relabel']);
    const printRows = await t.db.knex('label_prints').where({ job: res.json.job }).orderBy('code');
    expect(
      printRows.map((r: { kind: string; custody_seq: unknown }) => [r.kind, r.custody_seq === null]),
    ).toEqual([
      ['reprint', false],
      ['reprint', false],
      ['first', true],
    ]);
  });

  it('staff (not archivists) get 403 FORBIDDEN and nothing is sent or written', async () => {
    const before = await snapshot();
    const bodies: Array<[string, Record<string, unknown>]> = [
      ['/labels/print', { printer: 'zebra', reason: 'x' }],
      ['/labels/preview', { format: 'zpl' }],
      ['/labels/preview', { printer: 'zebra' }],
    ];
    for (const [route, extra] of bodies) {
      const res = await post('staff', route, {
        template: 'folder',
        selection: folders(a.items.c1),
        ...extra,
      });
      expect(res.status, route).toBe(403);
      expect(res.json).toMatchObject({ code: 'FORBIDDEN' });
    }
    const admin = await post('admin', '/labels/print', {
      template: 'folder',
      selection: folders(a.items.c1),
      printer: 'zebra',
      reason: 'x',
    });
    expect(admin.json).toMatchObject({ code: 'FORBIDDEN' });
    expect(await snapshot()).toEqual(before);
  });

  it('an unknown printer is PRINTER_UNKNOWN', async () => {
    const res = await post('archivist', '/labels/print', {
      template: 'folder',
      selection: folders(a.items.c1),
      printer: 'nope',
      reason: 'x',
    });
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ code: 'PRINTER_UNKNOWN', details: { printer: 'nope' } });
    expect(res.json.messages.en).toContain('zebra');
  });

  it("an unreachable printer fails with the labels layer's PRINTER_UNREACHABLE and records nothing", async () => {
    const before = await snapshot();
    const res = await post('archivist', '/labels/print', {
      template: 'folder',
      selection: folders(a.items.c1),
      printer: 'dead',
      reason: '标签破损',
    });
    expect(res.status).toBe(502);
    expect(res.json).toMatchObject({ code: 'PRINTER_UNREACHABLE' });
    expect(res.json.messages['zh-CN']).toMatch(/^无法连接打印机：127\.0\.0\.1:\d+ ECONNREFUSED$/);
    expect(res.json.messages.en).toMatch(/^Printer unreachable: 127\.0\.0\.1:\d+ ECONNREFUSED$/);
    expect(await snapshot()).toEqual(before);
  });

  it('selects a building, a dossier and the folders never labelled', async () => {
    const origin = { actor: archivist() };
    const ids = async (selection: unknown) =>
      (await printing.preview(origin, selection as never, 'folder', 'pdf')).layouts.map((l) => l.id);
    expect(await ids({ kind: 'building', estate: 'HY', building: '3' })).toEqual([
      a.items.c1,
      a.items.c2,
      a.items.c3,
      a.items.b1,
    ]);
    expect(await ids({ kind: 'dossier', dossier: 'HY-3-2-1502' })).toEqual([
      a.items.c1,
      a.items.c2,
      a.items.c3,
    ]);
    // c1–c3 were printed above; the rest have never had a folder label.
    expect(await ids({ kind: 'new' })).toEqual([a.items.b1, a.items.lit, a.items.elsewhere]);
    expect(await ids({ kind: 'new', limit: 1 })).toEqual([a.items.b1]);
    const spine = await printing
      .preview(origin, { kind: 'dossier', dossier: 'HY-3-2-1502' }, 'spine', 'svg', {
        size: '30x100',
      })
      .catch((e: { code: string }) => e.code);
    expect(spine).toBe('LABEL_FORMAT_SINGLE');
    const one = await printing.preview(origin, folders(a.items.c2), 'spine', 'svg');
    expect(one.bytes.toString('utf8')).toContain('1/1');
    const missing = await post('archivist', '/labels/preview', {
      template: 'folder',
      selection: { kind: 'building', estate: 'HY', building: '99' },
      format: 'pdf',
    });
    expect(missing.json).toMatchObject({ code: 'BUILDING_NOT_FOUND' });
    const box = await post('archivist', '/labels/preview', {
      template: 'box',
      selection: folders(a.items.box),
      format: 'svg',
    });
    expect(box.status).toBe(200);
    expect(box.bytes.toString('utf8')).toContain('B000000001');
  });

  it('prints shelf labels to a TSPL spool directory, one file per job; reprints need a reason but log no custody', async () => {
    const before = await snapshot();
    const res = await post('admin', '/labels/print', {
      template: 'shelf',
      selection: { kind: 'locations', locations: ['R1-C01-S1', a.shelves.s2] },
      printer: 'tsc',
    });
    expect(res.status).toBe(200);
    expect(res.json.labels).toEqual([
      { id: 'R1-C01-S1', kind: 'first', custodySeq: null },
      { id: 'R1-C01-S2', kind: 'first', custodySeq: null },
    ]);
    const files = readdirSync(path.join(spoolDir, 'tsc'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^tsc-.*\.tspl$/);
    const job = iconv.decode(readFileSync(path.join(spoolDir, 'tsc', files[0]!)), 'gbk');
    expect(job).toContain('SIZE 100 mm,50 mm');
    expect(job).toContain('1号档案柜 第1层');
    expect(job).toContain('档案室 R1');
    const again = await post('archivist', '/labels/print', {
      template: 'shelf',
      selection: { kind: 'locations', locations: ['R1-C01-S1'] },
      printer: 'tsc',
    });
    expect(again.json).toMatchObject({ code: 'REPRINT_REASON_REQUIRED' });
    const reprint = await post('archivist', '/labels/print', {
      template: 'shelf',
      selection: { kind: 'locations', locations: ['R1-C01-S1'] },
      printer: 'tsc',
      reason: '换柜',
    });
    expect(reprint.json.labels).toEqual([{ id: 'R1-C01-S1', kind: 'reprint', custodySeq: null }]);
    expect(await count('custody_log')).toBe(before.custody);
    expect(await count('label_prints', { subject: 'location' })).toBe(3);
    const cabinet = await post('archivist', '/labels/preview', {
      template: 'cabinet',
      selection: { kind: 'locations', locations: ['R1-C01'] },
      format: 'svg',
    });
    expect(cabinet.bytes.toString('utf8')).toContain('1号档案柜');
    const notCabinet = await post('archivist', '/labels/preview', {
      template: 'cabinet',
      selection: { kind: 'locations', locations: ['R1-C01-S1'] },
      format: 'svg',
    });
    expect(notCabinet.json).toMatchObject({ code: 'LABEL_SELECTION_MISMATCH' });
  });

  it('renders staff badges from users and badges', async () => {
    const res = await post('admin', '/labels/preview', {
      template: 'badge',
      selection: { kind: 'badges', badges: [a.badges.archivist!, a.users.staff] },
      format: 'pdf',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-label-count')).toBe('2');
    const svg = await post('archivist', '/labels/preview', {
      template: 'badge',
      selection: { kind: 'badges', badges: [a.badges.archivist!] },
      format: 'svg',
    });
    const text = svg.bytes.toString('utf8');
    for (const s of ['李档案', '客服部', '档案管理员', '华远物业', a.badges.archivist!])
      expect(text).toContain(s);
    const staff = await post('staff', '/labels/preview', {
      template: 'badge',
      selection: { kind: 'badges', badges: [a.badges.staff!] },
      format: 'svg',
    });
    expect(staff.json).toMatchObject({ code: 'FORBIDDEN' });
    const none = await post('admin', '/labels/preview', {
      template: 'badge',
      selection: { kind: 'badges', badges: ['U999999999'] },
      format: 'svg',
    });
    expect(none.json).toMatchObject({ code: 'BADGE_NOT_FOUND' });
  });

  it('keeps codes for mismatches, bad input and the labels layer’s own errors', async () => {
    const preview = (body: Record<string, unknown>) =>
      post('archivist', '/labels/preview', { template: 'folder', selection: folders(a.items.c1), ...body });
    expect((await preview({ template: 'box', format: 'svg' })).json).toMatchObject({
      code: 'LABEL_SELECTION_MISMATCH',
      details: { item: 'F000000001', kind: 'folder' },
    });
    expect(
      (await preview({ selection: { kind: 'locations', locations: ['R1'] }, format: 'svg' })).json,
    ).toMatchObject({ code: 'LABEL_SELECTION_MISMATCH' });
    const small = await preview({ format: 'svg', size: '20x20' });
    expect(small.status).toBe(400);
    expect(small.json).toMatchObject({ code: 'LABEL_SIZE_INVALID', details: { template: 'folder' } });
    expect(small.json.messages.en).toBe(
      'Invalid label or sheet size: folder label needs at least 50×30 mm, got 20×20',
    );
    expect((await preview({ selection: folders(a.items.c1, a.items.c2), format: 'png' })).json).toMatchObject(
      {
        code: 'LABEL_FORMAT_SINGLE',
      },
    );
    const unknown = await preview({ selection: folders('F999999999'), format: 'svg' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: 'ITEM_NOT_FOUND', message: '找不到该档案实物：F999999999' });
    expect((await preview({})).json).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await preview({ template: 'poster', format: 'svg' })).json).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(
      await printing
        .preview({ actor: archivist() }, folders(a.items.c1), 'poster', 'svg')
        .catch((e: { code: string }) => e.code),
    ).toBe('LABEL_TEMPLATE_UNKNOWN');
  });

  it('a browser printer returns the page for the operator’s browser to print', async () => {
    const res = await post('archivist', '/labels/print', {
      template: 'folder',
      selection: folders(a.items.elsewhere),
      printer: 'office',
    });
    expect(res.status).toBe(200);
    expect(res.json.labels).toEqual([{ id: a.items.elsewhere, kind: 'first', custodySeq: null }]);
    expect(res.json.page).toContain('@page { size: 60mm 40mm; margin: 0 }');
    expect(res.json.page).toContain('window.print()');
  });

  it('the migration assumes that items registered before it already carry a label', async () => {
    const t2 = await createTestDatabase(dialect);
    try {
      await buildSmallArchive(t2.db);
      if (await t2.db.knex.schema.hasTable('label_prints')) await labelPrintsMigration.down(t2.db.knex);
      await labelPrintsMigration.up(t2.db.knex);
      const rows = (await t2.db.knex('label_prints').orderBy('code')) as Array<Record<string, unknown>>;
      expect(rows.map((r) => [r.code, r.template, r.kind, r.subject])).toEqual([
        ['B000000001', 'box', 'assumed', 'item'],
        ...['1', '2', '3', '4', '5', '6'].map((n) => [`F00000000${n}`, 'folder', 'assumed', 'item']),
      ]);
      const svc = createPrintingService({ db: t2.db, bus: null, clock, printers: [] });
      const origin = { actor: null, station: 'test' };
      expect(
        await svc.preview(origin, { kind: 'new' }, 'folder', 'pdf').catch((e: { code: string }) => e.code),
      ).toBe('LABEL_SELECTION_EMPTY');
      // Never labelled as a spine, though.
      expect((await svc.preview(origin, { kind: 'new' }, 'spine', 'pdf')).labels).toBe(6);
    } finally {
      await t2.drop();
    }
  });

  it('relabels a folder that is out, keeping its holder, and sends serial jobs through the hardware layer', async () => {
    const written: Buffer[] = [];
    let state = 'connected';
    const serial = createPrintingService({
      db: t.db,
      bus: null,
      clock,
      printers: parsePrinters([
        { name: 'usb', transport: { type: 'serial', deviceId: 'lp-1' }, language: 'tspl', size: '60x40' },
      ]),
      serialStatus: (id) => (id === 'lp-1' ? { state, path: '/dev/ttyUSB0', lastError: null } : null),
      serialWrite: async (_id, bytes) => {
        written.push(bytes);
      },
    });
    const c2 = (await findItem(t.db.knex, { barcode: a.items.c2 }))!;
    await t.db.knex('items').where({ id: c2.id }).update({ state: 'out', holder_user_id: a.users.staff });
    const result = await serial.print(
      { actor: archivist(), station: 'desk-2' },
      {
        template: 'folder',
        selection: folders(a.items.c2),
        printer: 'usb',
        reason: '借出时标签脱落',
      },
    );
    expect(result.labels).toEqual([{ id: a.items.c2, kind: 'reprint', custodySeq: expect.any(Number) }]);
    expect(written).toHaveLength(1);
    expect(iconv.decode(written[0]!, 'gbk')).toContain('HY-3-2-1502');
    const row = await t.db.knex('custody_log').where({ seq: result.labels[0]!.custodySeq }).first();
    expect(row).toMatchObject({ action: 'relabel', from_state: 'out', to_state: 'out', station: 'desk-2' });
    expect(Number(row.from_holder_id)).toBe(a.users.staff);
    expect(Number(row.to_holder_id)).toBe(a.users.staff);
    expect(row.from_location_id).toBeNull();
    expect((await serial.health())[0]).toMatchObject({ state: 'ready', detail: '/dev/ttyUSB0' });
    state = 'disconnected';
    expect((await serial.health())[0]).toMatchObject({ state: 'unreachable' });
    const before = await count('custody_log');
    expect(
      await serial
        .print(
          { actor: archivist() },
          {
            template: 'folder',
            selection: folders(a.items.c2),
            printer: 'usb',
            reason: 'x',
          },
        )
        .catch((e: { code: string }) => e.code),
    ).toBe('PRINTER_UNREACHABLE');
    expect(await count('custody_log')).toBe(before);
    expect(await verifyCustodyLog(t.db.knex)).toMatchObject({ ok: true });
  });

  // Last in this block: it adds 1,050 folders that the selections above would otherwise see.
  it('prints a building of 1,050 folders as one ZPL job, rooms in number order (101 before 1001)', async () => {
    const k = t.db.knex;
    const site = ((await k('sites').first('id')) as { id: number }).id;
    const idOf = async (table: string, row: Record<string, unknown>) => {
      const [r] = (await k(table).insert(row).returning('id')) as Array<{ id: number } | number>;
      return typeof r === 'number' ? r : Number(r!.id);
    };
    const building = await idOf('buildings', { estate_id: a.estateId, code: '7', name: '7栋' });
    // Unit 1 has floors 1–11, unit 2 floors 1–10, five rooms a floor: 105 rooms. Rooms are inserted in
    // text order (1001 before 101) and folders from e to a, volume 2 first, so neither the ids nor the
    // text of 档号 give the order on the shelf.
    const rooms = [1, 2].flatMap((unit) =>
      Array.from({ length: unit === 1 ? 11 : 10 }, (_, f) =>
        Array.from({ length: 5 }, (_, r) => ({ unit, room: `${f + 1}0${r + 1}` })),
      ).flat(),
    );
    const byText = [...rooms].sort((x, y) => (x.room < y.room ? -1 : x.room > y.room ? 1 : 0));
    const units = new Map<number, number>();
    for (const unit of [2, 1])
      units.set(
        unit,
        await idOf('units', { building_id: building, code: String(unit), name: `${unit}单元` }),
      );
    const folderRows: Array<Record<string, unknown>> = [];
    const expected = new Map<string, string>();
    let n = 0;
    for (const { unit, room } of byText) {
      const property = await idOf('properties', { unit_id: units.get(unit), room });
      const dossier = await idOf('dossiers', {
        archive_no: `HY-7-${unit}-${room}`,
        site_id: site,
        property_id: property,
        kind: 'individual_buyer',
        title: `7栋${unit}单元${room}`,
        year: 2026,
        confidentiality: 'C',
        created_at: '2026-11-01T00:00:00.000Z',
      });
      for (const group of ['e', 'd', 'c', 'b', 'a']) {
        for (const volume of [2, 1]) {
          const barcode = `F${String(100_000 + ++n).padStart(9, '0')}`;
          expected.set(`${unit}-${room.padStart(4, '0')}-${group}-${volume}`, barcode);
          folderRows.push({
            barcode,
            kind: 'folder',
            dossier_id: dossier,
            folder_group: group,
            volume_no: volume,
            title: `${barcode} 卷`,
            created_at: '2026-11-01T00:00:00.000Z',
          });
        }
      }
    }
    for (let i = 0; i < folderRows.length; i += 100) await k('items').insert(folderRows.slice(i, i + 100));
    expect(folderRows).toHaveLength(1050);
    // Unit, room as a number (zero-padded here), group a–e, volume.
    const inOrder = [...expected.keys()].sort().map((key) => expected.get(key)!);
    expect(inOrder.indexOf(expected.get('1-0101-a-1')!)).toBe(0);
    expect(inOrder.indexOf(expected.get('1-1001-a-1')!)).toBeGreaterThan(
      inOrder.indexOf(expected.get('1-0905-e-2')!),
    );

    const selection = { kind: 'building', estate: 'HY', building: '7' };
    const before = await snapshot();
    const started = Date.now();
    const res = await post('archivist', '/labels/print', { template: 'folder', selection, printer: 'zebra' });
    const ms = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.json.labels).toHaveLength(1050);
    expect(res.json.labels.map((l: { id: string }) => l.id)).toEqual(inOrder);
    expect(zebra.jobs).toHaveLength(before.jobs + 1);
    const zpl = zebra.jobs.at(-1)!.toString('utf8');
    expect(zpl.match(/\^XA/g)).toHaveLength(1050);
    expect(zpl.match(/\^XZ/g)).toHaveLength(1050);
    const printed = [...zpl.matchAll(/\^BC[^^]*\^FD(F\d{9})\^FS/g)].map((m) => m[1]);
    expect(printed).toEqual(inOrder);
    // Room 101 before 1001 on the labels themselves (the property line printed under the 档号).
    const property = [...zpl.matchAll(/\^FD华苑 7栋1单元(\d+)\^FS/g)].map((m) => m[1]);
    expect(property.indexOf('101')).toBe(0);
    expect(property.indexOf('1001')).toBeGreaterThan(property.lastIndexOf('905'));
    expect(await count('label_prints')).toBe(before.prints + 1050);
    expect(await count('label_prints', { job: res.json.job })).toBe(1050);
    // Generous: the point is one job, not a benchmark (labels/README.md has the figures).
    expect(ms).toBeLessThan(60_000);

    // Printed before, all 1,050 of them: found across the id chunks before anything is rendered or sent.
    const again = await post('archivist', '/labels/print', {
      template: 'folder',
      selection,
      printer: 'zebra',
    });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 'REPRINT_REASON_REQUIRED' });
    expect(again.json.details.labels).toHaveLength(1050);
    expect(zebra.jobs).toHaveLength(before.jobs + 1);

    // A dossier of the building: groups a–e, volume 1 before 2.
    const dossier = await printing.preview(
      { actor: archivist() },
      { kind: 'dossier', dossier: 'HY-7-2-1003' },
      'folder',
      'zpl',
    );
    expect(dossier.layouts.map((l) => l.id)).toEqual(
      ['a', 'b', 'c', 'd', 'e'].flatMap((g) => [1, 2].map((v) => expected.get(`2-1003-${g}-${v}`)!)),
    );
  }, 120_000);

  it('refuses more than 2,000 labels in one job with LABEL_SELECTION_TOO_LARGE before reading them', async () => {
    const many = (count: number, of: (i: number) => string) => Array.from({ length: count }, (_, i) => of(i));
    const tooMany = await post('archivist', '/labels/preview', {
      template: 'folder',
      selection: { kind: 'items', items: many(2001, (i) => `F${String(900_000 + i).padStart(9, '0')}`) },
      format: 'zpl',
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toMatchObject({
      code: 'LABEL_SELECTION_TOO_LARGE',
      details: { max: 2000, count: 2001 },
    });
    // 2,000 unknown ids are within the limit: they are looked up (in chunks) and the first is not found.
    const unknown = await post('archivist', '/labels/preview', {
      template: 'folder',
      selection: { kind: 'items', items: many(2000, (i) => `F${String(900_000 + i).padStart(9, '0')}`) },
      format: 'zpl',
    });
    expect(unknown.json).toMatchObject({
      code: 'ITEM_NOT_FOUND',
      details: { item: { barcode: 'F000900000' } },
    });
    const shelves = await post('archivist', '/labels/preview', {
      template: 'shelf',
      selection: { kind: 'locations', locations: many(2001, (i) => `R1-C01-S${i}`) },
      format: 'zpl',
    });
    expect(shelves.json).toMatchObject({ code: 'LABEL_SELECTION_TOO_LARGE', details: { max: 2000 } });
    const tooManyNew = await post('archivist', '/labels/preview', {
      template: 'folder',
      selection: { kind: 'new', limit: 2001 },
      format: 'zpl',
    });
    expect(tooManyNew.json).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('printer configuration', () => {
  it('fills in defaults and parses its own output to the same value', () => {
    const parsed = printersConfigSchema.parse([
      { name: 'zebra-1', transport: { type: 'tcp', host: '192.168.1.50' }, language: 'zpl', size: '60x40' },
    ]);
    expect(parsed[0]).toEqual({
      name: 'zebra-1',
      transport: {
        type: 'tcp',
        host: '192.168.1.50',
        port: 9100,
        connectTimeoutMs: 3000,
        writeTimeoutMs: 30000,
      },
      language: 'zpl',
      dpi: 203,
      size: '60x40',
      rfid: false,
      copies: 1,
    });
    expect(printersConfigSchema.parse(parsed)).toEqual(parsed);
  });

  it('refuses duplicates, impossible combinations and bad sizes with readable messages', () => {
    const problems = (list: unknown[]) => {
      try {
        parsePrinters(list);
        return [];
      } catch (e) {
        return (e as { details: { problems: string[] } }).details.problems;
      }
    };
    const tcp = { type: 'tcp', host: 'p' };
    expect(
      problems([
        { name: 'a', transport: tcp, language: 'zpl' },
        { name: 'a', transport: tcp, language: 'zpl' },
      ]),
    ).toEqual(['printers.1.name: duplicate printer a']);
    expect(problems([{ name: 'b', transport: { type: 'browser' }, language: 'zpl' }])).toEqual([
      'printers.0.language: a browser printer prints the HTML page: language must be html',
    ]);
    expect(problems([{ name: 'c', transport: tcp, language: 'pdf', rfid: true }])).toEqual([
      'printers.0.rfid: only ZPL and TSPL printers encode RFID inlays',
    ]);
    expect(problems([{ name: 'd', transport: tcp, language: 'zpl', size: '5x5' }])[0]).toMatch(
      /^printers\.0\.size: Invalid label or sheet size/,
    );
    expect(problems([{ name: 'e', transport: tcp, language: 'zpl', dpi: 250 }])).toHaveLength(1);
    expect(problems([{ name: 'f', transport: { type: 'tcp' }, language: 'zpl' }])).toHaveLength(1);
  });

  it('checks serial printers against the hardware devices', () => {
    const printers = parsePrinters([
      { name: 'a', transport: { type: 'serial', deviceId: 'lp-1' }, language: 'tspl' },
      { name: 'b', transport: { type: 'serial', deviceId: 'scan-1' }, language: 'tspl' },
      { name: 'c', transport: { type: 'serial', deviceId: 'nope' }, language: 'zpl' },
    ]);
    const devices = [
      { id: 'lp-1', role: 'label-printer' },
      { id: 'scan-1', role: 'kiosk-scanner' },
    ];
    expect(printerDeviceIssues(printers, devices)).toEqual([
      {
        path: ['printers', 1, 'transport', 'deviceId'],
        message: 'printer b: device scan-1 has role kiosk-scanner, not label-printer',
      },
      { path: ['printers', 2, 'transport', 'deviceId'], message: 'printer c: no hardware device nope' },
    ]);
  });

  it('reports serial health from the hardware status and browser printers as always ready', async () => {
    const printers = parsePrinters([
      { name: 'a', transport: { type: 'serial', deviceId: 'lp-1' }, language: 'tspl' },
      { name: 'b', transport: { type: 'serial', deviceId: 'gone' }, language: 'tspl' },
      { name: 'c', transport: { type: 'browser' }, language: 'html' },
    ]);
    const clock = fixedClock('2026-11-25T02:00:00.000Z');
    const svc = (serialStatus?: (id: string) => { state: string; lastError?: string | null } | null) =>
      createPrintingService({ db: null as never, bus: null, clock, printers, serialStatus });
    const states = async (s: PrintingService) => (await s.health()).map((h) => [h.name, h.state, h.detail]);
    expect(
      await states(svc((id) => (id === 'lp-1' ? { state: 'unhealthy', lastError: 'write timeout' } : null))),
    ).toEqual([
      ['a', 'error', 'lp-1 unhealthy: write timeout'],
      ['b', 'error', 'no hardware device gone'],
      ['c', 'ready', "printed by the operator's browser"],
    ]);
    expect((await states(svc()))[0]).toEqual([
      'a',
      'unreachable',
      'serial devices are not connected to the printing service',
    ]);
  });

  it('registers every labels-layer error code with the labels layer’s messages', () => {
    for (const [code, m] of Object.entries(LABEL_ERROR_MESSAGES) as Array<
      [LabelErrorCode, { zh: string; en: string }]
    >) {
      expect(ERRORS[code], code).toMatchObject({ zh: m.zh, en: m.en });
    }
  });
});
