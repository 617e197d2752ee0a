// Alarms acknowledged, resolved and escalated, on both databases, through the real HTTP server and socket:
// the alarm log refuses UPDATE and DELETE at the database; acknowledging and resolving follow the state and
// the area (404 outside it); escalation climbs one level per policy.alarmEscalationMinutes on an injected
// clock, puts one notice per level and channel in the outbox, and every change reaches the dashboards that
// may see the alarm, and no others.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { AlarmKind } from '../../server/domain/alarms.js';
import { fixedClock } from '../../server/providers.js';
import { listNotices } from '../../server/store/outbox.js';
import { DIALECTS, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, buildSmallArchive, type SmallArchive } from '../helpers/small-archive.js';

const T0 = '2026-12-01T08:00:00.000Z';
const MINUTE = 60_000;

interface AlarmBody {
  id: number;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  escalationLevel: number;
  escalationLabel: { zh: string; en: string };
  resolvedAt: string | null;
  resolvedByName: string | null;
  resolutionCause: string | null;
  causeLabel: { zh: string; en: string } | null;
  resolution: string | null;
}
interface ErrorBody {
  code: string;
  message: string;
  details?: { allowed?: string[] };
}

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(DIALECTS)('alarm actions on %s', (dialect) => {
  let t: TestDatabase;
  let a: SmallArchive;
  let server: TestServer | null = null;
  let sockets: Socket[] = [];
  const clock = fixedClock(T0);
  let itemHy: number;
  let itemElsewhere: number;

  beforeEach(async () => {
    clock.set(T0);
    t = await createTestDatabase(dialect);
    a = await buildSmallArchive(t.db);
    const k = t.db.knex;
    // The supervisor serves 华苑; a second supervisor (and the site manager) serve 丽苑 only.
    const hash = (await k('users').where({ id: a.users.supervisor }).first('password_hash')) as {
      password_hash: string;
    };
    const person = async (username: string, role: string, name: string, estate: number) => {
      const [row] = (await k('users')
        .insert({ username, display_name: name, role, password_hash: hash.password_hash, created_at: T0 })
        .returning('id')) as Array<{ id: number }>;
      await k('user_estates').insert({ user_id: Number(row!.id), estate_id: estate });
      return Number(row!.id);
    };
    await k('user_estates').insert({ user_id: a.users.supervisor, estate_id: a.estateId });
    await person('supervisor2', 'supervisor', '周主管', a.otherEstateId);
    await person('manager', 'site_manager', '高经理', a.estateId);
    const idOf = async (barcode: string) =>
      Number(((await k('items').where({ barcode }).first('id')) as { id: number }).id);
    itemHy = await idOf(a.items.c1);
    itemElsewhere = await idOf(a.items.elsewhere);
  });

  afterEach(async () => {
    for (const s of sockets) s.disconnect();
    sockets = [];
    await server?.close();
    server = null;
    await t.drop();
  });

  const start = async (overrides: Record<string, unknown> = {}) => {
    server = await startTestServer(t.db, overrides, clock);
    return server;
  };
  const signedIn = async (username: string) => {
    const c = client(server!.url);
    const res = await c.login(username, PASSWORD);
    return Object.assign(c, { token: res.body.token });
  };
  const raise = (itemId: number | null, kind: AlarmKind = 'unauthorised_removal') =>
    server!.app.services.alarms.raise({ kind, itemId, deviceId: 'cab-1', place: null });

  it('keeps the alarm log append-only: the database refuses UPDATE and DELETE of its rows', async () => {
    await start();
    const alarm = await raise(itemHy);
    const sup = await signedIn('supervisor');
    expect((await sup.post(`/alarms/${alarm.id}/acknowledge`, { note: '去看看' })).status).toBe(200);
    const k = t.db.knex;
    const before = await k('alarm_actions').select('*');
    expect(before).toHaveLength(1);
    await expect(k('alarm_actions').update({ note: '改写' })).rejects.toThrow(/ALARM_LOG_APPEND_ONLY/);
    await expect(k('alarm_actions').where({ alarm_id: alarm.id }).del()).rejects.toThrow(
      /ALARM_LOG_APPEND_ONLY/,
    );
    if (dialect === 'pg') {
      await expect(k.raw('TRUNCATE alarm_actions')).rejects.toThrow(/ALARM_LOG_APPEND_ONLY/);
    }
    expect(await k('alarm_actions').select('*')).toEqual(before);
    // Appending still works.
    await k('alarm_actions').insert({ alarm_id: alarm.id, action: 'escalate', at: T0, escalation_level: 1 });
    expect(await k('alarm_actions').count({ n: '*' }).first()).toMatchObject({
      n: 2,
    });
  });

  it('acknowledges with a note and resolves with a cause, each once, logged with who and when', async () => {
    await start();
    const alarm = await raise(itemHy);
    const sup = await signedIn('supervisor');
    clock.advance(5 * MINUTE);
    const acked = await sup.post<AlarmBody>(`/alarms/${alarm.id}/acknowledge`, { note: '  已通知档案室  ' });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({
      acknowledgedAt: '2026-12-01T08:05:00.000Z',
      acknowledgedByName: '王主管',
      resolvedAt: null,
    });
    const again = await sup.post<ErrorBody>(`/alarms/${alarm.id}/acknowledge`, { note: '再确认' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALARM_ALREADY_ACKNOWLEDGED');
    expect((await sup.post(`/alarms/${alarm.id}/acknowledge`, { note: '' })).status).toBe(400);

    // A resolution needs one of the four causes; the refusal names them, in the language asked for.
    for (const body of [{ note: '找到了' }, { cause: 'found' }, { cause: 'Returned' }]) {
      const bad = await sup.post<ErrorBody>(`/alarms/${alarm.id}/resolve`, body, { 'accept-language': 'en' });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      if ('cause' in body) {
        expect(bad.body.code).toBe('ALARM_CAUSE_INVALID');
        expect(bad.body.details?.allowed).toEqual(['returned', 'explained', 'lost', 'false_read']);
      }
    }
    const zh = await sup.post<ErrorBody>(`/alarms/${alarm.id}/resolve`, { cause: 'x' });
    expect(zh.body.message).toContain('已归还');

    clock.advance(10 * MINUTE);
    const resolved = await sup.post<AlarmBody>(`/alarms/${alarm.id}/resolve`, {
      cause: 'returned',
      note: '柜内找到，已放回',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      resolvedAt: '2026-12-01T08:15:00.000Z',
      resolvedByName: '王主管',
      resolutionCause: 'returned',
      causeLabel: { zh: '已归还', en: 'Returned' },
      resolution: '柜内找到，已放回',
    });
    for (const [path, body] of [
      ['resolve', { cause: 'lost' }],
      ['acknowledge', { note: '晚了' }],
    ] as const) {
      const late = await sup.post<ErrorBody>(`/alarms/${alarm.id}/${path}`, body);
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('ALARM_ALREADY_RESOLVED');
    }

    const log = await sup.get<{
      alarm: AlarmBody;
      actions: Array<{
        action: string;
        at: string;
        byName: string | null;
        note: string | null;
        cause: string | null;
      }>;
    }>(`/alarms/${alarm.id}/log`);
    expect(log.status).toBe(200);
    expect(log.body.actions).toEqual([
      expect.objectContaining({
        action: 'acknowledge',
        at: '2026-12-01T08:05:00.000Z',
        byName: '王主管',
        note: '已通知档案室',
        cause: null,
      }),
      expect.objectContaining({
        action: 'resolve',
        byName: '王主管',
        note: '柜内找到，已放回',
        cause: 'returned',
      }),
    ]);
    // The alarm row and the log agree.
    const row = (await t.db.knex('alarms').where({ id: alarm.id }).first()) as Record<string, unknown>;
    expect(row).toMatchObject({
      acknowledged_at: '2026-12-01T08:05:00.000Z',
      acknowledged_by: a.users.supervisor,
      resolved_by: a.users.supervisor,
      resolution_cause: 'returned',
    });
  });

  it('hides an alarm outside the caller’s area (404) and refuses those who may not act (403)', async () => {
    await start();
    const hy = await raise(itemHy);
    const elsewhere = await raise(itemElsewhere);
    const unknownTag = await raise(null, 'unknown_tag');
    const sup2 = await signedIn('supervisor2');
    for (const path of ['acknowledge', 'resolve', 'log']) {
      const body = path === 'acknowledge' ? { note: '看看' } : { cause: 'lost' };
      const res =
        path === 'log'
          ? await sup2.get<ErrorBody>(`/alarms/${hy.id}/log`)
          : await sup2.post<ErrorBody>(`/alarms/${hy.id}/${path}`, body);
      expect(res.status, path).toBe(404);
      expect(res.body.code).toBe('ALARM_NOT_FOUND');
    }
    const listed = await sup2.get<{ alarms: AlarmBody[] }>('/alarms');
    expect(listed.body.alarms.map((x) => x.id).sort()).toEqual([elsewhere.id, unknownTag.id].sort());
    expect((await sup2.post(`/alarms/${elsewhere.id}/acknowledge`, { note: '我来' })).status).toBe(200);
    expect((await sup2.post(`/alarms/999999/acknowledge`, { note: '我来' })).status).toBe(404);
    // The gm sees every estate; archivists read but do not act.
    const gm = await signedIn('gm');
    expect((await gm.post(`/alarms/${hy.id}/acknowledge`, { note: '总部关注' })).status).toBe(200);
    const archivist = await signedIn('archivist');
    expect((await archivist.get(`/alarms/${hy.id}/log`)).status).toBe(200);
    const refused = await archivist.post<ErrorBody>(`/alarms/${hy.id}/resolve`, { cause: 'returned' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect((await t.db.knex('alarm_actions').where({ alarm_id: hy.id })).map((r) => r.action)).toEqual([
      'acknowledge',
    ]);
  });

  it('escalates an unacknowledged alarm one level per period, notifies each level once, and stops when acknowledged', async () => {
    await start({
      policy: { alarmEscalationMinutes: 30 },
      notifications: {
        channels: [
          {
            id: 'mail',
            kind: 'email',
            roles: ['supervisor', 'site_manager', 'gm'],
            smtp: { host: '127.0.0.1', port: 2525, requireTLS: false },
            from: '档案室 <archive@example.org>',
          },
          { id: 'robot', kind: 'webhook', roles: ['gm'], url: 'http://127.0.0.1:9/hook' },
        ],
        recipients: [
          { role: 'supervisor', estates: ['HY'], email: 'sup@example.org' },
          { role: 'site_manager', estates: ['HY'], email: 'mgr-hy@example.org' },
          { role: 'site_manager', estates: ['LY'], email: 'mgr-ly@example.org' },
          { role: 'gm', email: 'gm@example.org' },
        ],
      },
    });
    const sup = await signedIn('supervisor');
    const sup2 = await signedIn('supervisor2');
    const live: AlarmBody[] = [];
    const elsewhereLive: AlarmBody[] = [];
    for (const [who, into] of [
      [sup, live],
      [sup2, elsewhereLive],
    ] as const) {
      const socket = connect(server!.url, {
        transports: ['websocket'],
        reconnection: false,
        auth: { token: who.token },
        extraHeaders: { origin: server!.url },
      });
      sockets.push(socket);
      socket.on('alarm', (x: AlarmBody) => into.push(x));
      const sub = (await socket.timeout(5000).emitWithAck('subscribe', { audience: 'dashboard' })) as {
        ok: boolean;
      };
      expect(sub.ok).toBe(true);
    }
    const alarm = await raise(itemHy);
    const quiet = await raise(itemHy);
    await sup.post(`/alarms/${quiet.id}/acknowledge`, { note: '处理中' });
    const escalate = () => server!.app.services.alarms.escalateDue();
    const outbox = async () =>
      (await listNotices(t.db.knex))
        .filter((n) => n.dedupeKey.includes('level'))
        .map((n) => ({
          key: n.dedupeKey,
          to: n.recipients,
          title: n.message.title,
        }));

    clock.advance(30 * MINUTE - 1);
    expect(await escalate()).toEqual([]);
    clock.advance(1);
    expect((await escalate()).map((x) => [x.id, x.escalationLevel])).toEqual([[alarm.id, 1]]);
    expect(await escalate()).toEqual([]); // the same moment again: nothing twice
    expect(await outbox()).toEqual([
      {
        key: `alarm:${alarm.id}:level-1:mail`,
        to: ['mgr-hy@example.org'],
        title: expect.stringContaining('【报警升级至管理处负责人】30分钟内无人确认') as unknown as string,
      },
    ]);
    await until('the escalation on the dashboard', () =>
      live.some((x) => x.id === alarm.id && x.escalationLevel === 1),
    );

    // A long outage: the next run takes it one level (to the top), no further.
    clock.advance(5 * 60 * MINUTE);
    expect((await escalate()).map((x) => x.escalationLevel)).toEqual([2]);
    clock.advance(60 * MINUTE);
    expect(await escalate()).toEqual([]);
    expect((await outbox()).map((n) => [n.key, n.to])).toEqual([
      [`alarm:${alarm.id}:level-1:mail`, ['mgr-hy@example.org']],
      [`alarm:${alarm.id}:level-2:mail`, ['gm@example.org']],
      [`alarm:${alarm.id}:level-2:robot`, []],
    ]);

    const log = await sup.get<{
      actions: Array<{ action: string; byName: string | null; escalationLevel: number | null }>;
    }>(`/alarms/${alarm.id}/log`);
    expect(log.body.actions).toEqual([
      expect.objectContaining({ action: 'escalate', byName: null, escalationLevel: 1 }),
      expect.objectContaining({ action: 'escalate', byName: null, escalationLevel: 2 }),
    ]);
    const view = await sup.get<{ alarm: AlarmBody }>(`/alarms/${alarm.id}/log`);
    expect(view.body.alarm.escalationLabel).toEqual({ zh: '总经理', en: 'General manager' });

    // Acknowledging stops it; the acknowledged one never climbed.
    const third = await raise(itemHy);
    await sup.post(`/alarms/${third.id}/acknowledge`, { note: '在查' });
    clock.advance(120 * MINUTE);
    expect(await escalate()).toEqual([]);
    expect(
      ((await t.db.knex('alarms').where({ id: quiet.id }).first()) as { escalation_level: number })
        .escalation_level,
    ).toBe(0);

    // The other estate's supervisor saw none of it.
    await until('the acknowledgement on the dashboard', () =>
      live.some((x) => x.id === third.id && x.acknowledgedAt !== null),
    );
    expect(elsewhereLive.filter((x) => [alarm.id, quiet.id, third.id].includes(x.id))).toEqual([]);
  });
});
