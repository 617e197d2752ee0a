// The notification outbox on both databases, end to end with real parts: alarms raised through the alarm
// service, the dispatcher sending over real HTTP to a local server that plays each robot, and over real SMTP
// to an smtp-server started here (what arrives is parsed with mailparser). The clock is injected.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.js';
import { fixedClock } from '../../server/providers.js';
import { createAlarmService } from '../../server/services/alarms.js';
import { notificationsConfigSchema } from '../../server/services/notification-config.js';
import { createDispatcher, createNotifier } from '../../server/services/notifications.js';
import { writeTransaction } from '../../server/services/unit-of-work.js';
import { openDatabase, type Database } from '../../server/store/db.js';
import { claimNotice, enqueueNotices, listNotices } from '../../server/store/outbox.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { buildSmallArchive } from '../helpers/small-archive.js';

const logger = createLogger('silent');
const T0 = '2026-12-01T06:00:00.000Z';

interface Received {
  path: string;
  query: URLSearchParams;
  body: string;
}

/** A local HTTP server standing in for the robots: records each POST, answers what `answer` says. */
async function robotServer(answer: (r: Received) => { status: number; body: string }) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const r = { path: url.pathname, query: url.searchParams, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      const a = answer(r);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const ok = (r: Received) => ({
  status: 200,
  body: r.path.startsWith('/feishu') ? '{"code":0,"msg":"success"}' : '{"errcode":0,"errmsg":"ok"}',
});

describe.each(DIALECTS)('notification outbox on %s', (dialect) => {
  let t: TestDatabase;
  let extra: Database[] = [];
  let closers: Array<() => Promise<void>> = [];
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    for (const c of closers) await c();
    for (const d of extra) await d.close();
    closers = [];
    extra = [];
    await t.drop();
  });

  function setup(raw: unknown, start = T0, log = logger) {
    const config = notificationsConfigSchema.parse(raw);
    const clock = fixedClock(start);
    const alarms = createAlarmService({ db: t.db, bus: null, clock, notifier: createNotifier(config) });
    const dispatcher = (db: Database = t.db, id?: string) => {
      const d = createDispatcher({ db, config, clock, logger: log, random: () => 0.5, id });
      closers.push(() => d.close());
      return d;
    };
    return { config, clock, alarms, dispatcher };
  }
  const unknownTag = (n = 1) => ({
    kind: 'unknown_tag' as const,
    epc: `E2000000000000000000000${n}`,
    deviceId: 'cabinet-c1',
  });

  it('an alarm puts one notice per channel in its own transaction, and the same alarm notified twice inserts once', async () => {
    const archive = await buildSmallArchive(t.db);
    const itemId = (await t.db.knex('items').where({ barcode: archive.items.c1 }).first('id')).id as number;
    const { config, alarms } = setup({
      channels: [
        { id: 'mail', kind: 'email', smtp: { host: '127.0.0.1' }, from: 'archive@example.org' },
        { id: 'room', kind: 'wecom', url: 'http://127.0.0.1:9/wecom?key=K' },
        { id: 'ding', kind: 'dingtalk', url: 'http://127.0.0.1:9/ding?access_token=T', secret: 'S' },
      ],
      recipients: [
        { role: 'supervisor', estates: ['HY'], email: 'hy@example.org', mobile: '13800000001' },
        { role: 'supervisor', estates: ['LY'], email: 'ly@example.org', mobile: '13800000002' },
      ],
    });
    const alarm = await alarms.raise({ kind: 'unauthorised_removal', itemId, deviceId: 'cabinet-c1' });
    const notices = await listNotices(t.db.knex);
    expect(notices.map((n) => [n.channel, n.dedupeKey, n.status, n.recipients])).toEqual([
      ['mail', `alarm:${alarm.id}:mail`, 'pending', ['hy@example.org']], // the folder is in estate HY
      ['room', `alarm:${alarm.id}:room`, 'pending', []],
      ['ding', `alarm:${alarm.id}:ding`, 'pending', ['13800000001']],
    ]);
    const again = await writeTransaction(t.db, null, ({ trx }) =>
      createNotifier(config).alarmRaised(trx, alarm, T0),
    );
    expect(again).toBe(0);
    expect(await listNotices(t.db.knex)).toHaveLength(3);
    // A transaction that fails takes its notices with it.
    await expect(
      writeTransaction(t.db, null, async ({ trx }) => {
        await createNotifier(config).alarmRaised(trx, { ...alarm, id: 999 }, T0);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await listNotices(t.db.knex)).toHaveLength(3);
  });

  it('each robot receives its exact format and signature; a 200 with a non-zero code is a failure', async () => {
    const robots = await robotServer(ok);
    closers.push(robots.close);
    const { alarms, dispatcher, clock } = setup({
      channels: [
        { id: 'room', kind: 'wecom', url: `${robots.base}/wecom/send?key=WECOMKEY123` },
        {
          id: 'ding',
          kind: 'dingtalk',
          url: `${robots.base}/dingtalk/send?access_token=TOK`,
          secret: 'SECding',
        },
        { id: 'fs', kind: 'feishu', url: `${robots.base}/feishu/hook/FSTOKEN1`, secret: 'fs-secret' },
        { id: 'hook', kind: 'webhook', url: `${robots.base}/hook` },
      ],
      alarmLink: 'https://archive.example.org/alarms/{id}',
    });
    const alarm = await alarms.raise({ ...unknownTag(), place: 'R1-C01-S1', detail: '标签不属于本档案室' });
    expect(await dispatcher().runOnce()).toEqual({ claimed: 4, sent: 4, failed: 0, dead: 0 });
    const by = (p: string) => robots.received.find((r) => r.path.startsWith(p))!;
    const markdown = [
      '### 【档案报警】未知标签：E20000000000000000000001',
      '> 报警类型：未知标签（Unknown tag）',
      '> 标签：E20000000000000000000001',
      '> 位置：R1-C01-S1',
      '> 设备：cabinet-c1',
      '> 时间：2026-12-01 14:00:00',
      '> 说明：标签不属于本档案室',
      `> 报警编号：${alarm.id}`,
      '',
      `[查看报警记录](https://archive.example.org/alarms/${alarm.id})`,
    ].join('\n');
    expect(JSON.parse(by('/wecom').body)).toEqual({ msgtype: 'markdown', markdown: { content: markdown } });
    expect(by('/wecom').query.get('key')).toBe('WECOMKEY123');

    const ms = new Date(T0).getTime();
    const ding = by('/dingtalk');
    expect(ding.query.get('access_token')).toBe('TOK');
    expect(ding.query.get('timestamp')).toBe(String(ms));
    expect(ding.query.get('sign')).toBe(
      createHmac('sha256', 'SECding').update(`${ms}\nSECding`).digest('base64'),
    );
    expect(JSON.parse(ding.body)).toEqual({
      msgtype: 'markdown',
      markdown: { title: '【档案报警】未知标签：E20000000000000000000001', text: markdown },
      at: { atMobiles: [], isAtAll: false },
    });

    const fs = JSON.parse(by('/feishu').body) as Record<string, unknown>;
    const s = Math.floor(ms / 1000);
    expect(fs).toEqual({
      timestamp: String(s),
      sign: createHmac('sha256', `${s}\nfs-secret`).update('').digest('base64'),
      msg_type: 'text',
      content: { text: expect.stringContaining('报警类型：未知标签（Unknown tag）') },
    });
    expect(JSON.parse(by('/hook').body)).toMatchObject({ id: `alarm:${alarm.id}:hook`, markdown });
    expect((await listNotices(t.db.knex)).map((n) => [n.status, n.sentAt])).toEqual(
      Array(4).fill(['sent', T0]),
    );
    clock.advance(1000);
    expect(await dispatcher().runOnce()).toMatchObject({ claimed: 0 }); // sent is sent
  });

  it('retries with exponential backoff and jitter, then gives up (dead), keeping the key out of the error', async () => {
    const robots = await robotServer(() => ({
      status: 200,
      body: '{"errcode":45009,"errmsg":"api freq out of limit"}',
    }));
    closers.push(robots.close);
    const logged: string[] = [];
    const log = createLogger('warn', { write: (line: string) => void logged.push(line) });
    const { alarms, dispatcher, clock } = setup(
      {
        channels: [{ id: 'room', kind: 'wecom', url: `${robots.base}/wecom/send?key=WECOMKEY123` }],
        dispatch: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000 },
      },
      T0,
      log,
    );
    await alarms.raise(unknownTag());
    const d = dispatcher();
    expect(await d.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    let [n] = await listNotices(t.db.knex);
    // random 0.5: half of 1000 ms fixed + a quarter = 750 ms
    expect(n).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: '2026-12-01T06:00:00.750Z' });
    expect(n!.lastError).toContain('45009');
    clock.advance(749);
    expect(await d.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(1);
    expect(await d.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    [n] = await listNotices(t.db.knex);
    expect(n).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: '2026-12-01T06:00:02.250Z' }); // +1500
    clock.set('2026-12-01T06:00:02.250Z');
    expect(await d.runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    [n] = await listNotices(t.db.knex);
    expect(n).toMatchObject({ status: 'dead', attempts: 3 });
    clock.advance(3_600_000);
    expect(await d.runOnce()).toMatchObject({ claimed: 0 });
    expect(robots.received).toHaveLength(3);
    const stored = JSON.stringify(await t.db.knex('notification_outbox').select());
    expect(stored).not.toContain('WECOMKEY123');
    expect(logged.join('')).toContain('notification failed; will retry');
    expect(logged.join('')).toContain('notification given up after its last attempt');
    expect(logged.join('')).not.toContain('WECOMKEY123');
  });

  it('survives a restart: a new dispatcher on a new connection sends what the last one left, and takes over a dead claim', async () => {
    const robots = await robotServer(ok);
    closers.push(robots.close);
    // Nothing listens on the first address: the first try fails with a refused connection.
    const dead = await robotServer(ok);
    await dead.close();
    const first = setup({ channels: [{ id: 'hook', kind: 'webhook', url: `${dead.base}/hook` }] });
    await first.alarms.raise(unknownTag(1));
    await first.alarms.raise(unknownTag(2));
    const a = first.dispatcher(t.db, 'a');
    expect(await a.runOnce()).toMatchObject({ claimed: 2, failed: 2 });
    await a.close();
    // A dispatcher that died while it held a claim: the row stays claimed until the lease runs out.
    first.clock.advance(60_000);
    expect(await claimNotice(t.db.knex, 2, 'crashed', first.clock.now().toISOString(), T0)).toBe(true);

    const db2 = openDatabase(
      dialect === 'sqlite'
        ? { client: 'sqlite', filename: t.location }
        : { client: 'pg', url: t.location, poolMax: 2 },
    );
    extra.push(db2);
    const second = setup(
      {
        channels: [{ id: 'hook', kind: 'webhook', url: `${robots.base}/hook` }],
        dispatch: { leaseMs: 120_000 },
      },
      first.clock.now().toISOString(),
    );
    const b = second.dispatcher(db2, 'b');
    expect(await b.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    second.clock.advance(120_001);
    expect(await b.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect((await listNotices(t.db.knex)).map((n) => [n.status, n.attempts])).toEqual([
      ['sent', 2],
      ['sent', 3], // the crashed try counts
    ]);
    expect(robots.received.map((r) => (JSON.parse(r.body) as { id: string }).id).sort()).toEqual([
      'alarm:1:hook',
      'alarm:2:hook',
    ]);
  });

  it('two dispatchers never send a notice twice', async () => {
    const robots = await robotServer(ok);
    closers.push(robots.close);
    const { alarms, dispatcher } = setup({
      channels: [{ id: 'hook', kind: 'webhook', url: `${robots.base}/hook` }],
      dispatch: { batch: 7 },
    });
    for (let i = 0; i < 30; i++) await alarms.raise(unknownTag(i));
    // PostgreSQL: a second connection pool, as a second server process would have. SQLite: one process has
    // one writer connection (better-sqlite3 waits for a lock synchronously, so a second connection in the
    // same process could never see the first commit); the two dispatchers share it, their rounds interleaved.
    const db2 = dialect === 'pg' ? openDatabase({ client: 'pg', url: t.location, poolMax: 2 }) : t.db;
    if (db2 !== t.db) extra.push(db2);
    const a = dispatcher(t.db, 'a');
    const b = dispatcher(db2, 'b');
    const results = await Promise.all(
      [a, b].map(async (d) => {
        let sent = 0;
        for (let round = 0; round < 6; round++) sent += (await d.runOnce()).sent;
        return sent;
      }),
    );
    expect(results[0]! + results[1]!).toBe(30);
    const ids = robots.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(await listNotices(t.db.knex, { status: 'sent' })).toHaveLength(30);
  });

  it('keeps a WeCom robot at 20 messages a minute, counted from the table', async () => {
    const robots = await robotServer(ok);
    closers.push(robots.close);
    const { alarms, dispatcher, clock } = setup({
      channels: [
        { id: 'room', kind: 'wecom', url: `${robots.base}/wecom/send?key=K123456` },
        { id: 'hook', kind: 'webhook', url: `${robots.base}/hook` },
      ],
    });
    for (let i = 0; i < 25; i++) await alarms.raise(unknownTag(i));
    expect(await dispatcher().runOnce()).toMatchObject({ sent: 45 }); // 20 WeCom + 25 webhook (no limit)
    clock.advance(30_000);
    expect(await dispatcher().runOnce()).toMatchObject({ claimed: 0 }); // a new instance counts the same
    clock.advance(30_001);
    expect(await dispatcher().runOnce()).toMatchObject({ sent: 5 });
    expect(robots.received.filter((r) => r.path.startsWith('/wecom'))).toHaveLength(25);
  });

  it('cuts a long WeCom message to 4,096 bytes on a character boundary, with a link to the record', async () => {
    const robots = await robotServer(ok);
    closers.push(robots.close);
    const { config, dispatcher } = setup({
      channels: [{ id: 'room', kind: 'wecom', url: `${robots.base}/wecom/send?key=K123456` }],
    });
    const markdown = `### 盘点差异\n${'> 1号档案柜 第2层：HY-3-2-0101 未登记取出\n'.repeat(200)}`;
    await writeTransaction(t.db, null, ({ trx }) =>
      enqueueNotices(
        trx,
        [
          {
            channel: 'room',
            channelKind: 'wecom',
            recipients: [],
            message: {
              title: '盘点差异',
              text: markdown,
              markdown,
              link: 'https://archive.example.org/audits/4',
            },
            dedupeKey: 'audit:4:room',
          },
        ],
        T0,
      ),
    );
    expect(config.channels).toHaveLength(1);
    expect(await dispatcher().runOnce()).toMatchObject({ sent: 1 });
    const raw = robots.received[0]!.body;
    const content = (JSON.parse(raw) as { markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(content, 'utf8')).toBeGreaterThan(4000);
    expect(content).toMatch(/\n…（内容过长，已截断。完整记录：https:\/\/archive\.example\.org\/audits\/4）$/);
    expect(markdown.startsWith(content.slice(0, content.lastIndexOf('\n…（')))).toBe(true);
  });

  it('mails the alarm over real SMTP with a Chinese subject and body', async () => {
    const mails: Array<{ raw: Buffer; from: string; to: string[] }> = [];
    const smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true, // the test server has no certificate; production mail uses TLS (requireTLS)
      onAuth(auth, _session, cb) {
        if (auth.username === 'archive' && auth.password === 'mail-pass') cb(null, { user: 'archive' });
        else cb(new Error('bad credentials'));
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            raw: Buffer.concat(chunks),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
    const port = (smtp.server.address() as AddressInfo).port;
    const { alarms, dispatcher } = setup({
      channels: [
        {
          id: 'mail',
          kind: 'email',
          smtp: {
            host: '127.0.0.1',
            port,
            secure: false,
            requireTLS: false,
            user: 'archive',
            pass: 'mail-pass',
          },
          from: '档案室 <archive@example.org>',
        },
      ],
      recipients: [{ role: 'supervisor', email: 'wang@example.org' }],
    });
    const alarm = await alarms.raise({
      kind: 'gate',
      epc: 'E2000000000000000000000A',
      deviceId: 'gate-1',
      place: 'kiosk-1',
    });
    expect(await dispatcher().runOnce()).toMatchObject({ sent: 1 });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: 'archive@example.org', to: ['wang@example.org'] });
    expect(mails[0]!.raw.toString('latin1')).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m); // RFC 2047
    const parsed = await simpleParser(mails[0]!.raw);
    expect(parsed.subject).toBe('【档案报警】门禁报警：未借出档案经过门口：E2000000000000000000000A');
    expect(parsed.from?.value[0]).toMatchObject({ name: '档案室', address: 'archive@example.org' });
    expect(parsed.text).toContain(
      '报警类型：门禁报警：未借出档案经过门口（Gate: a folder not checked out is leaving）',
    );
    expect(parsed.text).toContain(`报警编号：${alarm.id}`);
    expect(parsed.text).toContain('时间：2026-12-01 14:00:00');
  });
});
