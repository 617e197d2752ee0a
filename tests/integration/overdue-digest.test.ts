// The daily overdue digest and the outbox status route on both databases, with real parts: the digest made
// by the service on an injected clock, sent by the dispatcher over real SMTP to an smtp-server started here
// (parsed with mailparser) and over real HTTP to a local server playing the WeCom robot. Loans are put in
// place by updating the items table (the check-out itself has tests of its own).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.js';
import { fixedClock } from '../../server/providers.js';
import { notificationsConfigSchema } from '../../server/services/notification-config.js';
import { createDispatcher } from '../../server/services/notifications.js';
import { createOverdueDigest, startOverdueDigest } from '../../server/services/overdue-digest.js';
import { openDatabase } from '../../server/store/db.js';
import { listNotices } from '../../server/store/outbox.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { client, startTestServer } from '../helpers/server.js';
import { PASSWORD, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';

const logger = createLogger('silent');
const LINK = 'https://archive.example.org/dashboard/#notices';

async function robotServer() {
  const received: Array<{ path: string; body: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function smtpServer() {
  const mails: Array<{ raw: Buffer; to: string[] }> = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'], // the test server has no certificate; production mail uses TLS
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ raw: Buffer.concat(chunks), to: session.envelope.rcptTo.map((r) => r.address) });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

describe.each(DIALECTS)('the daily overdue digest on %s', (dialect) => {
  let t: TestDatabase;
  let archive: SmallArchive;
  let closers: Array<() => Promise<void>> = [];
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    archive = await buildSmallArchive(t.db);
  });
  afterEach(async () => {
    for (const c of closers.reverse()) await c();
    closers = [];
    await t.drop();
  });

  /** Puts a folder out with `holder`, due at `due`. */
  async function lend(barcode: string, holder: number, due: string) {
    await t.db
      .knex('items')
      .where({ barcode })
      .update({ state: 'out', holder_user_id: holder, out_at: '2026-11-01T02:00:00.000Z', due_at: due });
  }

  /** 张客服 two C folders of 华苑, 赵客服 one of 丽苑, 陈总 an A-level folder of 华苑 and the litigation one. */
  async function loans() {
    const k = t.db.knex;
    const dB = (await k('items').where({ barcode: archive.items.b1 }).first('dossier_id')) as {
      dossier_id: number;
    };
    await k('dossiers').where({ id: dB.dossier_id }).update({ confidentiality: 'A' });
    await lend(archive.items.c1, archive.users.staff, '2026-11-20T15:59:59.999Z'); // due 11-20 local
    await lend(archive.items.c2, archive.users.staff, '2026-11-28T15:59:59.999Z');
    await lend(archive.items.elsewhere, archive.users.staffElsewhere, '2026-11-25T15:59:59.999Z');
    await lend(archive.items.b1, archive.users.gm, '2026-11-29T15:59:59.999Z');
    await lend(archive.items.lit, archive.users.gm, '2026-11-30T15:59:59.999Z');
    await lend(archive.items.c3, archive.users.staff, '2026-12-31T15:59:59.999Z'); // not yet due
  }

  function configFor(robotBase: string, smtpPort: number) {
    return notificationsConfigSchema.parse({
      channels: [
        {
          id: 'mail',
          kind: 'email',
          smtp: { host: '127.0.0.1', port: smtpPort, secure: false, requireTLS: false },
          from: '档案室 <archive@example.org>',
        },
        { id: 'hy-room', kind: 'wecom', url: `${robotBase}/wecom/send?key=WECOMKEY123` },
      ],
      recipients: [
        { username: 'staff', role: 'staff', email: 'zhang@example.org' },
        { username: 'gm', role: 'gm', email: 'chen@example.org' },
        { username: 'supervisor', role: 'supervisor', email: 'wang@example.org' },
        { name: '华苑管理处', role: 'site_manager', estates: ['HY'], email: 'hy@example.org' },
      ],
      overdueDigest: {
        enabled: true,
        at: '08:30',
        link: LINK,
        channels: [{ id: 'mail' }, { id: 'hy-room', estates: ['HY'] }],
      },
    });
  }

  it('makes the digest once at 08:30 local, not again after a restart, and again the next day', async () => {
    await loans();
    const config = configFor('http://127.0.0.1:9', 9);
    const clock = fixedClock('2026-12-01T00:29:00.000Z'); // 08:29 in Shanghai
    const digest = createOverdueDigest({ db: t.db, config, clock, logger });
    expect(await digest.runIfDue()).toEqual({ day: null, enqueued: 0 });
    clock.set('2026-12-01T00:30:00.000Z');
    const first = await digest.runIfDue();
    expect(first.day).toBe('2026-12-01');
    const notices = await listNotices(t.db.knex);
    const u = archive.users;
    expect(notices).toHaveLength(6);
    expect(notices.map((n) => [n.dedupeKey, n.recipients])).toEqual(
      expect.arrayContaining([
        [`digest:2026-12-01:holder:${u.staff}:mail`, ['zhang@example.org']],
        [`digest:2026-12-01:holder:${u.staff}:hy-room`, []],
        [`digest:2026-12-01:holder:${u.gm}:mail`, ['chen@example.org']],
        [`digest:2026-12-01:holder:${u.gm}:hy-room`, []],
        [`digest:2026-12-01:supervisor:u${u.supervisor}:mail`, ['wang@example.org']],
        [expect.stringMatching(/^digest:2026-12-01:supervisor:m[0-9a-f]{16}:mail$/), ['hy@example.org']],
      ]),
    );
    expect(first.enqueued).toBe(6);
    // 赵客服 has no address and his folder is not of 华苑 (the robot's estate): nothing for him.
    expect(notices.some((n) => n.dedupeKey.includes(`holder:${u.staffElsewhere}:`))).toBe(false);

    clock.advance(60_000);
    expect(await digest.runIfDue()).toEqual({ day: null, enqueued: 0 });
    // A restart: a new service on a new connection, later the same day.
    const db2 = openDatabase(
      dialect === 'sqlite'
        ? { client: 'sqlite', filename: t.location }
        : { client: 'pg', url: t.location, poolMax: 2 },
    );
    closers.push(() => db2.close());
    clock.set('2026-12-01T09:00:00.000Z');
    const again = createOverdueDigest({ db: db2, config, clock, logger });
    expect(await again.runIfDue()).toEqual({ day: null, enqueued: 0 });
    // Even with the day's mark gone (a server that never saw it), the dedupe keys insert nothing twice.
    await t.db.knex('settings').where({ key: 'notifications.overdue_digest.day' }).delete();
    expect(await again.runIfDue()).toEqual({ day: '2026-12-01', enqueued: 0 });
    expect(await listNotices(t.db.knex)).toHaveLength(6);

    // The next day: not before 08:30, then once.
    clock.set('2026-12-02T00:10:00.000Z');
    expect(await again.runIfDue()).toEqual({ day: null, enqueued: 0 });
    clock.set('2026-12-02T00:30:00.000Z');
    expect(await again.runIfDue()).toEqual({ day: '2026-12-02', enqueued: 6 });
    expect(await digest.runIfDue()).toEqual({ day: null, enqueued: 0 });
  });

  it('mails a holder with no configured address at the account’s own work e-mail', async () => {
    await loans();
    const u = archive.users;
    await t.db.knex('users').where({ id: u.staffElsewhere }).update({ email: 'zhao@example.org' });
    // A configured recipient for an account wins over the account's own address.
    await t.db.knex('users').where({ id: u.staff }).update({ email: 'other@example.org' });
    const digest = createOverdueDigest({
      db: t.db,
      config: configFor('http://127.0.0.1:9', 9),
      clock: fixedClock('2026-12-01T00:30:00.000Z'),
      logger,
    });
    expect((await digest.runIfDue()).enqueued).toBe(7);
    const notices = await listNotices(t.db.knex);
    const to = (key: string) => notices.find((n) => n.dedupeKey === key)?.recipients;
    expect(to(`digest:2026-12-01:holder:${u.staffElsewhere}:mail`)).toEqual(['zhao@example.org']);
    expect(to(`digest:2026-12-01:holder:${u.staff}:mail`)).toEqual(['zhang@example.org']);
  });

  it('two servers at 08:30 make the day’s digest once between them', async () => {
    await loans();
    const config = configFor('http://127.0.0.1:9', 9);
    const clock = fixedClock('2026-12-01T00:30:00.000Z');
    // PostgreSQL: a second pool, as a second server has. SQLite: one writer connection per process (see
    // notifications.test.ts), the two services' runs interleaved on it.
    const db2 = dialect === 'pg' ? openDatabase({ client: 'pg', url: t.location, poolMax: 2 }) : t.db;
    if (db2 !== t.db) closers.push(() => db2.close());
    const runs = await Promise.all(
      [t.db, db2].map((db) => createOverdueDigest({ db, config, clock, logger }).runIfDue()),
    );
    expect(runs.reduce((n, r) => n + r.enqueued, 0)).toBe(6);
    expect(runs.filter((r) => r.day === '2026-12-01')).toHaveLength(1);
    expect(await listNotices(t.db.knex)).toHaveLength(6);
  });

  it('the schedule looks at start and every tick, and kicks the dispatcher only after a run that queued', async () => {
    await loans();
    const config = configFor('http://127.0.0.1:9', 9);
    const clock = fixedClock('2026-12-01T00:29:59.000Z');
    const digest = createOverdueDigest({ db: t.db, config, clock, logger });
    let kicks = 0;
    const schedule = startOverdueDigest({ digest, logger, everyMs: 40, onEnqueued: () => kicks++ });
    closers.push(async () => {
      schedule.stop();
      await schedule.settled();
    });
    await schedule.settled();
    expect(kicks).toBe(0);
    clock.set('2026-12-01T00:30:00.000Z');
    for (let i = 0; i < 100 && kicks === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(kicks).toBe(1);
    await new Promise((r) => setTimeout(r, 200)); // several more ticks
    await schedule.settled();
    expect(kicks).toBe(1);
    expect(await listNotices(t.db.knex)).toHaveLength(6);
  });

  it('a server down at 08:30 makes the digest when it comes back that day', async () => {
    await loans();
    const config = configFor('http://127.0.0.1:9', 9);
    const clock = fixedClock('2026-12-01T05:12:00.000Z'); // 13:12 local: started after the hour
    const digest = createOverdueDigest({ db: t.db, config, clock, logger });
    expect(await digest.runIfDue()).toMatchObject({ day: '2026-12-01', enqueued: 6 });
  });

  it('mails each holder their folders and each supervisor their people’s, masked by clearance; the robot posts the holder’s list', async () => {
    await loans();
    const robots = await robotServer();
    closers.push(robots.close);
    const smtp = await smtpServer();
    closers.push(smtp.close);
    const config = configFor(robots.base, smtp.port);
    const clock = fixedClock('2026-12-01T00:31:00.000Z');
    await createOverdueDigest({ db: t.db, config, clock, logger }).runIfDue();
    const d = createDispatcher({ db: t.db, config, clock, logger, random: () => 0.5 });
    closers.push(() => d.close());
    expect(await d.runOnce()).toMatchObject({ claimed: 6, sent: 6 });

    const mails = await Promise.all(
      smtp.mails.map(async (m) => ({ to: m.to, parsed: await simpleParser(m.raw) })),
    );
    const to = (a: string) => mails.find((m) => m.to.includes(a))!.parsed;
    const zhang = to('zhang@example.org');
    expect(zhang.subject).toBe('【逾期提醒】您有2件档案逾期未还（2026-12-01）');
    expect(zhang.text).toContain('张客服，您借出的2件档案已过应还日期');
    expect(zhang.text).toContain('1. HY-3-2-1502｜F000000001 卷｜应还：2026-11-20｜逾期11天');
    expect(zhang.text).toContain('2. HY-3-2-1502｜F000000002 卷｜应还：2026-11-28｜逾期3天');
    expect(zhang.text).not.toContain('F000000003'); // not yet due
    // The holder sees everything they hold, whatever its level.
    const chen = to('chen@example.org');
    expect(chen.text).toContain('F000000004 卷');
    expect(chen.text).toContain('SS-2026-0001｜F000000005 卷');

    // The department's supervisor: everyone of 客服部 but himself, grouped; the A-level and the litigation
    // folder of 陈总 counted, not named.
    const wang = to('wang@example.org');
    expect(wang.subject).toBe('【逾期汇总】3人共5件档案逾期未还（2026-12-01）');
    expect(wang.text).toContain('张客服（客服部）：2件');
    expect(wang.text).toContain('赵客服（客服部）：1件');
    expect(wang.text).toContain('LY-3-2-0801｜F000000006 卷');
    expect(wang.text).toContain('陈总（客服部）：2件');
    expect(wang.text).toContain('另有2件超出您的查阅权限，不列名称');
    expect(wang.text).not.toContain('F000000004');
    expect(wang.text).not.toContain('F000000005');
    // A configured site manager of 华苑 without an account: 华苑's folders only, at the role's clearance.
    const hy = to('hy@example.org');
    expect(hy.text).toContain('张客服（客服部）：2件');
    expect(hy.text).toContain('陈总（客服部）：1件');
    expect(hy.text).toContain('另有1件超出您的查阅权限');
    expect(hy.text).not.toContain('赵客服');
    expect(hy.text).not.toContain('F000000004');

    // The 华苑 group robot: each holder's 华苑 folders; above the group's roles (supervisor, site manager): a count.
    const posts = robots.received.map(
      (r) => (JSON.parse(r.body) as { markdown: { content: string } }).markdown.content,
    );
    expect(posts).toHaveLength(2);
    const zhangPost = posts.find((p) => p.includes('张客服'))!;
    expect(zhangPost).toContain('### 【逾期提醒】张客服有2件档案逾期未还（2026-12-01）');
    expect(zhangPost).toContain('**HY-3-2-1502** F000000001 卷');
    const chenPost = posts.find((p) => p.includes('陈总'))!;
    expect(chenPost).toContain('另有1件超出本群可见范围，不列名称');
    expect(chenPost).not.toContain('F000000004');
    expect(chenPost).not.toContain('F000000005'); // litigation: no estate, not this group's
  });

  it('keeps a WeCom digest of a long list under 4,096 bytes, whole lines, with the link to the full list', async () => {
    const k = t.db.knex;
    const d1 = (await k('items').where({ barcode: archive.items.c1 }).first('dossier_id', 'location_id')) as {
      dossier_id: number;
      location_id: number;
    };
    const rows = Array.from({ length: 300 }, (_, i) => ({
      barcode: `F9${String(i).padStart(8, '0')}`,
      kind: 'folder',
      dossier_id: d1.dossier_id,
      folder_group: 'a',
      volume_no: i + 2,
      title: `华苑3栋2单元1502室 业主资料 第${i + 2}卷`,
      state: 'out',
      holder_user_id: archive.users.staff,
      out_at: '2026-11-01T02:00:00.000Z',
      due_at: '2026-11-20T15:59:59.999Z',
      location_id: d1.location_id,
      created_at: '2026-11-01T00:00:00.000Z',
    }));
    for (let i = 0; i < rows.length; i += 50) await k('items').insert(rows.slice(i, i + 50));
    const robots = await robotServer();
    closers.push(robots.close);
    const config = configFor(robots.base, 9);
    const clock = fixedClock('2026-12-01T00:30:00.000Z');
    await createOverdueDigest({ db: t.db, config, clock, logger }).runIfDue();
    const mail = (await listNotices(k)).find((n) =>
      n.dedupeKey.endsWith(`holder:${archive.users.staff}:mail`),
    )!;
    expect(mail.message.text.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(300); // mail: all
    const d = createDispatcher({ db: t.db, config, clock, logger, random: () => 0.5 });
    closers.push(() => d.close());
    await d.runOnce();
    const content = (JSON.parse(robots.received[0]!.body) as { markdown: { content: string } }).markdown
      .content;
    const bytes = Buffer.byteLength(content, 'utf8');
    expect(bytes).toBeLessThanOrEqual(4096);
    expect(bytes).toBeGreaterThan(3500);
    const listed = content.split('\n').filter((l) => /^\d+\. \*\*/.test(l));
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.every((l) => l.endsWith('天'))).toBe(true); // no line cut in half
    expect(content).toContain(`……另有${300 - listed.length}行未列出，完整清单：${LINK}`);
    expect(content).not.toContain('内容过长，已截断'); // the builder fitted it; the byte cut never ran
  });

  it('GET /notifications/outbox counts and lists without bodies or secrets; a dead notice is retried', async () => {
    await loans();
    const config = configFor('http://127.0.0.1:9', 9);
    const clock = fixedClock('2026-12-01T00:30:00.000Z');
    const server = await startTestServer(t.db, { notifications: configFor('http://127.0.0.1:9', 9) }, clock);
    closers.push(server.close);
    await createOverdueDigest({ db: t.db, config, clock, logger }).runIfDue();
    const k = t.db.knex;
    const dead = (await listNotices(k)).find((n) => n.channel === 'hy-room')!;
    await k('notification_outbox').where({ id: dead.id }).update({
      status: 'dead',
      attempts: 8,
      last_error: 'wecom: refused {"errcode":93000} key=WECOMKEY123',
    });

    const supervisor = client(server.url);
    await supervisor.login('supervisor', PASSWORD);
    const all = await supervisor.get<{
      counts: Array<{ channel: string; status: string; count: number }>;
      channels: Array<{ id: string; kind: string }>;
      notices: Array<Record<string, unknown>>;
      total: number;
    }>('/notifications/outbox?limit=50');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(6);
    expect(all.body.counts).toEqual(
      expect.arrayContaining([
        { channel: 'mail', channelKind: 'email', status: 'pending', count: 4 },
        { channel: 'hy-room', channelKind: 'wecom', status: 'pending', count: 1 },
        { channel: 'hy-room', channelKind: 'wecom', status: 'dead', count: 1 },
      ]),
    );
    expect(all.body.channels).toEqual([
      { id: 'mail', kind: 'email' },
      { id: 'hy-room', kind: 'wecom' },
    ]);
    const text = JSON.stringify(all.body);
    expect(text).not.toContain('WECOMKEY123');
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain('zhang@example.org');
    expect(text).toContain('z***@example.org');
    expect(text).not.toContain('F000000001'); // no bodies
    expect(all.body.notices[0]).toMatchObject({ about: { kind: 'overdue_digest', ref: '2026-12-01' } });

    const deadOnly = await supervisor.get<{
      notices: Array<{ id: number; lastError: string }>;
      total: number;
    }>('/notifications/outbox?status=dead');
    expect(deadOnly.body.total).toBe(1);
    expect(deadOnly.body.notices[0]).toMatchObject({
      id: dead.id,
      lastError: expect.stringContaining('***'),
    });
    // A supervisor watches; retrying is for the site manager, the general manager and the admin.
    expect((await supervisor.post(`/notifications/outbox/${dead.id}/retry`, {})).status).toBe(403);
    const admin = client(server.url);
    await admin.login('admin', PASSWORD);
    const retried = await admin.post<{ status: string; attempts: number; nextAttemptAt: string }>(
      `/notifications/outbox/${dead.id}/retry`,
      {},
    );
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: '2026-12-01T00:30:00.000Z',
    });
    const twice = await admin.post<{ code: string }>(`/notifications/outbox/${dead.id}/retry`, {});
    expect([twice.status, twice.body.code]).toEqual([409, 'NOTICE_NOT_DEAD']);
    expect((await admin.post<{ code: string }>('/notifications/outbox/99999/retry', {})).status).toBe(404);
    const staff = client(server.url);
    await staff.login('staff', PASSWORD);
    expect((await staff.get('/notifications/outbox')).status).toBe(403);
  });
});
