// The socket.io channel every screen shares. The session token comes in the handshake's `auth` payload
// (never the URL); origins are checked before the handshake; audiences are joined only after a permission
// check; each incoming event is validated, rate-limited and authorised on its own; custody events are sent
// after commit, in seq order, per record as HTTP would show them (see `mayReceive`), and a returning client
// resumes from the last seq it saw. A socket closes when its session is signed out or expires, or when its
// station's pairing is revoked.
import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import { boardMay, can, type Action, type Actor } from '../domain/access.js';
import { DanganError, type ErrorCode } from '../domain/errors.js';
import type { CustodyEntry } from '../domain/ledger.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../providers.js';
import type { Alarm } from '../services/alarms.js';
import type { AuthService, SessionActor } from '../services/auth.js';
import { STATION_VIEWER, type Station } from '../services/stations.js';
import { recordOf } from '../services/items.js';
import type { Database } from '../store/db.js';
import { sessionExpiry } from '../store/users.js';
import { describeEntries, headSeq, type CustodyEvent, type DescribedEntry } from './feed.js';
import { TokenBucket, originAllowed } from './guards.js';
import { Subscription } from './subscription.js';

export interface RealtimeOptions {
  db: Database;
  bus: EventBus;
  auth: AuthService;
  clock: Clock;
  logger: Logger;
  allowedOrigins: readonly string[];
  /** Stations and the archive room each guards: their screens get that room's alarms. */
  stations: ReadonlyArray<{ id: string; name?: string; room?: string | undefined }>;
  /** Decides whether a person may see an alarm (it may name a folder above their clearance). */
  alarmVisible: (actor: Actor, alarm: Alarm) => Promise<boolean>;
  /** Alarms not yet resolved, newest first. */
  openAlarms: () => Promise<Alarm[]>;
  /** The station a paired screen's token stands for. */
  stationByToken: (token: string) => Promise<Station | null>;
  /** Told when a paired station screen connects and leaves (the board's station activity). */
  presence?: {
    connected(stationId: string, at: string): void;
    disconnected(stationId: string, at: string): void;
  };
  /** Incoming events per second per socket, and the burst allowed. */
  rate?: { perSecond: number; burst: number };
}

export const AUDIENCES = ['dashboard', 'station', 'handheld'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** What a person needs to join each audience: any one of these (what they then receive: DASHBOARD_EVENTS). */
const AUDIENCE_ACTIONS: Record<Audience, readonly Action[]> = {
  // device.read: the system administrator's board (device health only), besides the watchers'.
  dashboard: ['holdings.read_all', 'device.read'],
  station: ['holdings.read_own'],
  handheld: ['audit.run'],
};

export type DashboardEvent = 'custody' | 'alarm' | 'device' | 'cabinet';

/**
 * Which of the board's events a person on the 'dashboard' audience receives: every action listed, as the
 * HTTP routes behind them ask (GET /dashboard/recent and /alarms: holdings.read_all; /dashboard/devices:
 * device.read; /dashboard/cabinets: both). Custody and alarms are then checked per record as well. So an
 * admin (device.read, no holdings.read_all) gets device health and nothing else: no custody, live or
 * replayed, no alarm (not even one about no folder: a foreign tag is still seen on a shelf of folders),
 * no cabinet change.
 */
const DASHBOARD_EVENTS: Record<DashboardEvent, readonly Action[]> = {
  custody: ['holdings.read_all'],
  alarm: ['holdings.read_all'],
  device: ['device.read'],
  cabinet: ['device.read', 'holdings.read_all'],
};

/** Whether a socket receives this kind of event in its audience (the dashboard's rule; others: true). */
function receives(state: SocketState, event: DashboardEvent): boolean {
  if (state.audience !== 'dashboard') return true;
  return DASHBOARD_EVENTS[event].every((action) => can(state.actor, action).allowed);
}

const SubscribeSchema = z
  .object({
    audience: z.enum(AUDIENCES),
    station: z.string().trim().min(1).max(64).optional(),
    afterSeq: z.number().int().min(0).optional(),
  })
  .strict();

type Ack = (
  reply:
    | { ok: true; data?: unknown }
    | { ok: false; code: ErrorCode; message: { zh: string; en: string }; details?: unknown },
) => void;

interface SocketState {
  /** A signed-in person, or — for a paired station screen — the staff-level viewer it sees as. */
  actor: SessionActor | Actor;
  token: string;
  /** Set for a screen paired to a station (it connected with a station token). */
  paired?: Station;
  subscription?: Subscription;
  audience?: Audience;
  station?: string;
}

/**
 * How a paired door screen judges an item's movement and alarms: as a staff member of every estate would,
 * so ordinary files (level C, not litigation) only. It is used for that and nothing else: the screen's own
 * viewer (STATION_VIEWER) serves no estate, so no owner data can ever be shown to it.
 */
const DOOR_ITEMS: Actor = { ...STATION_VIEWER, estateIds: 'all' };

/**
 * Which custody entries a socket receives, record by record, by the rules HTTP applies:
 * - an entry committed before the socket subscribed (a replay after `afterSeq`) is history: it needs
 *   `item.history` on the record, as GET /items/:id/history does;
 * - an entry committed since is the item's current state changing: `item.read`, as GET /items/:id;
 * - a paired door screen never replays history; live, it shows ordinary files moving (DOOR_ITEMS).
 * The audience (dashboard, station, handheld) narrows this further in `inAudience`.
 */
function mayReceive(state: SocketState, d: DescribedEntry, subscribedAtSeq: number): boolean {
  const record = recordOf(d.item);
  const replayed = d.entry.seq <= subscribedAtSeq;
  if (state.paired) return !replayed && can(DOOR_ITEMS, 'item.read', record).allowed;
  return can(state.actor, replayed ? 'item.history' : 'item.read', record).allowed;
}

/** The event as this socket may see it: a door screen shows no typed purpose (free text may name people). */
function eventFor(state: SocketState, event: CustodyEvent): CustodyEvent {
  return state.paired ? { ...event, reason: null } : event;
}

const fail = (ack: Ack | undefined, e: unknown) => {
  const error = e instanceof DanganError ? e : new DanganError('INTERNAL');
  ack?.({
    ok: false,
    code: error.code,
    message: error.messages,
    ...(error.details === undefined ? {} : { details: error.details }),
  });
};

export function attachRealtime(
  server: http.Server,
  options: RealtimeOptions,
): { io: Server; close(): Promise<void> } {
  const { db, bus, auth, clock, logger } = options;
  const rate = options.rate ?? { perSecond: 10, burst: 30 };
  const stationNames = new Map(options.stations.flatMap((s) => (s.name ? [[s.id, s.name] as const] : [])));
  const io = new Server(server, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024, // screens send small commands; nothing larger is legitimate
    allowRequest: (req, callback) =>
      callback(null, originAllowed(req.headers.origin, req.headers.host, options.allowedOrigins)),
    cors:
      options.allowedOrigins.length > 0
        ? { origin: [...options.allowedOrigins], credentials: false }
        : undefined,
  });
  const states = new Map<string, SocketState>();
  const expiryTimers = new Map<string, NodeJS.Timeout>();

  /**
   * Closes a signed-in socket the moment its session expires. Badge sessions slide with use, so when the
   * timer fires the stored expiry is read again (without sliding it) and the timer re-armed if it moved.
   */
  function armExpiry(socketId: string, state: SocketState): void {
    clearTimeout(expiryTimers.get(socketId));
    if (state.paired || !('sessionId' in state.actor)) return;
    const { sessionId, expiresAt } = state.actor as SessionActor;
    const delay = Math.max(0, Date.parse(expiresAt) - clock.now().getTime());
    const timer = setTimeout(
      () => {
        expiryTimers.delete(socketId);
        void sessionExpiry(db.knex, sessionId).then(
          (current) => {
            if (!states.has(socketId)) return;
            if (current !== null && Date.parse(current) > clock.now().getTime()) {
              state.actor = { ...(state.actor as SessionActor), expiresAt: current };
              armExpiry(socketId, state);
            } else {
              io.sockets.sockets.get(socketId)?.disconnect(true);
            }
          },
          (e: unknown) => logger.error({ err: e }, 'realtime: could not check a session'),
        );
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    timer.unref();
    expiryTimers.set(socketId, timer);
  }

  io.use((socket, next) => {
    // A token in the query string would end up in access logs and browser history.
    if ('token' in socket.handshake.query) return next(handshakeError('VALIDATION_FAILED'));
    const { token, stationToken } = socket.handshake.auth as { token?: unknown; stationToken?: unknown };
    const valid = (t: unknown): t is string => typeof t === 'string' && t.length > 0 && t.length <= 200;
    if (valid(stationToken)) {
      options.stationByToken(stationToken).then(
        (paired) => {
          if (!paired) return next(handshakeError('STATION_UNPAIRED'));
          states.set(socket.id, { actor: STATION_VIEWER, token: stationToken, paired });
          next();
        },
        () => next(handshakeError('INTERNAL')),
      );
      return;
    }
    if (!valid(token)) return next(handshakeError('UNAUTHENTICATED'));
    auth.authenticate(token).then(
      (actor) => {
        if (!actor) return next(handshakeError('UNAUTHENTICATED'));
        states.set(socket.id, { actor, token });
        next();
      },
      () => next(handshakeError('INTERNAL')),
    );
  });

  // Entries described once per publish, shared by every socket that receives them.
  const recent = new Map<number, DescribedEntry>();
  const described = (entry: CustodyEntry) => recent.get(entry.seq);

  io.on('connection', (socket) => {
    const state = states.get(socket.id)!;
    const bucket = new TokenBucket(rate.perSecond, rate.burst, clock.now().getTime());
    let refused = 0;

    socket.use((packet, next) => {
      const ack = typeof packet.at(-1) === 'function' ? (packet.at(-1) as Ack) : undefined;
      if (bucket.take(clock.now().getTime())) return next();
      fail(ack, new DanganError('RATE_LIMITED'));
      if (++refused > rate.burst) socket.disconnect(true); // a client that ignores refusals is cut off
    });

    socket.on('subscribe', (payload: unknown, ack?: Ack) => {
      void subscribe(socket, state, payload).then(
        (data) => ack?.({ ok: true, data }),
        (e) => fail(ack, e),
      );
    });

    socket.onAny((event: string, ...args: unknown[]) => {
      if (event === 'subscribe') return;
      const ack = typeof args.at(-1) === 'function' ? (args.at(-1) as Ack) : undefined;
      fail(
        ack,
        new DanganError('VALIDATION_FAILED', { event, issues: [{ path: '', message: 'unknown event' }] }),
      );
    });

    if (state.paired) options.presence?.connected(state.paired.id, clock.now().toISOString());
    socket.on('disconnect', () => {
      if (state.paired) options.presence?.disconnected(state.paired.id, clock.now().toISOString());
      states.delete(socket.id);
      clearTimeout(expiryTimers.get(socket.id));
      expiryTimers.delete(socket.id);
    });
    armExpiry(socket.id, state);
    socket.emit(
      'hello',
      state.paired
        ? { station: state.paired }
        : {
            userId: state.actor.userId,
            displayName: (state.actor as SessionActor).displayName,
            role: state.actor.role,
          },
    );
  });

  async function subscribe(socket: Socket, state: SocketState, payload: unknown) {
    const parsed = SubscribeSchema.safeParse(payload);
    if (!parsed.success) {
      throw new DanganError('VALIDATION_FAILED', {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
    const { audience, station, afterSeq } = parsed.data;
    if (state.paired) {
      // A paired screen follows its own station and nothing else; its pairing may have been revoked since.
      if (audience !== 'station' || station !== state.paired.id)
        throw new DanganError('FORBIDDEN', { audience, station });
      if (!(await options.stationByToken(state.token))) {
        setImmediate(() => socket.disconnect(true));
        throw new DanganError('STATION_UNPAIRED');
      }
    } else {
      // The session may have ended since the handshake: check again for every command.
      const actor = await auth.authenticate(state.token);
      if (!actor) {
        setImmediate(() => socket.disconnect(true)); // after the refusal has reached the client
        throw new DanganError('SESSION_EXPIRED');
      }
      state.actor = actor;
      armExpiry(socket.id, state);
      if (!AUDIENCE_ACTIONS[audience].some((action) => can(actor, action).allowed))
        throw new DanganError('FORBIDDEN', { audience });
      if (audience === 'station') {
        if (!station)
          throw new DanganError('VALIDATION_FAILED', { issues: [{ path: 'station', message: 'required' }] });
        // A station's feed is for the person signed in at that station, or for the archive team.
        if (actor.station !== station && !can(actor, 'holdings.read_all').allowed)
          throw new DanganError('FORBIDDEN', { station });
      }
    }
    for (const room of socket.rooms) if (room !== socket.id) await socket.leave(room);
    await socket.join(audience === 'station' ? `station:${station}` : audience);
    state.audience = audience;
    state.station = station;
    const head = await headSeq(db.knex);
    const visible = (d: DescribedEntry) =>
      receives(state, 'custody') && mayReceive(state, d, head) && inAudience(state, d, roomOf);
    state.subscription = new Subscription(
      db.knex,
      afterSeq ?? head,
      visible,
      (event) => socket.emit('custody', eventFor(state, event)),
      described,
      stationNames,
    );
    if (afterSeq !== undefined && afterSeq < head) void state.subscription.catchUpTo(head);
    // Alarms are state, not a sequence: every (re)subscription gets the open ones it may see, then changes live.
    const open: Alarm[] = [];
    for (const alarm of await options.openAlarms()) {
      const wanted =
        (audience === 'dashboard' && receives(state, 'alarm')) ||
        (audience === 'station' && alarmForStation(station, alarm));
      if (wanted && (await options.alarmVisible(alarmViewer(state), alarm))) open.push(alarm);
    }
    return { audience, station: station ?? null, head, openAlarms: open };
  }

  const unsubscribe = bus.subscribe('custody', (entry) => {
    void describeEntries(db.knex, [entry], stationNames).then(
      ([d]) => {
        if (d) {
          recent.set(entry.seq, d);
          if (recent.size > 2000) recent.delete(recent.keys().next().value!);
        }
        for (const state of states.values()) void state.subscription?.catchUpTo(entry.seq, entry);
      },
      (e: unknown) => logger.error({ err: e }, 'realtime: could not describe a custody entry'),
    );
  });

  // Alarms: to the dashboard, and to the screens of the station whose room or gate raised them.
  const roomOf = new Map(options.stations.map((st) => [st.id, st.room]));
  const alarmForStation = (station: string | undefined, alarm: Alarm) => {
    if (!station) return false;
    const room = roomOf.get(station);
    return alarm.place === station || (room !== undefined && (alarm.place ?? '').startsWith(`${room}-`));
  };
  const unsubscribeAlarm = bus.subscribe('alarm', (alarm) => {
    for (const [id, state] of states) {
      const wanted =
        (state.audience === 'dashboard' && receives(state, 'alarm')) ||
        (state.audience === 'station' && alarmForStation(state.station, alarm));
      if (!wanted) continue;
      void options.alarmVisible(alarmViewer(state), alarm).then((ok) => {
        if (ok) io.sockets.sockets.get(id)?.emit('alarm', alarm);
      });
    }
  });
  // Device health (throttled per device by the device service) and which cabinet changed: to the board,
  // for those its rule lets receive each (DASHBOARD_EVENTS). Neither names a record.
  const toDeviceReaders = (event: 'device' | 'cabinet', payload: unknown) => {
    for (const [id, state] of states) {
      if (state.audience === 'dashboard' && receives(state, event))
        io.sockets.sockets.get(id)?.emit(event, payload);
    }
  };
  const unsubscribeStatus = bus.subscribe('device_health', (health) => toDeviceReaders('device', health));
  const unsubscribeCabinet = bus.subscribe('cabinet_changed', (c) =>
    toDeviceReaders('cabinet', { cabinetId: c.cabinetId, at: clock.now().toISOString() }),
  );
  // A scan on a serial scanner bound to a station appears on that station's screen, as if typed there.
  const unsubscribeScan = bus.subscribe('station_scan', ({ stationId, scan }) => {
    io.to(`station:${stationId}`).emit('scan', {
      deviceId: scan.deviceId,
      code: scan.code,
      symbology: scan.symbology?.id ?? null,
      at: new Date(scan.at).toISOString(),
    });
  });

  // Signing out ends that session's sockets at once.
  const unsubscribeEnded = bus.subscribe('session_ended', (sessionId) => {
    for (const [id, state] of states) {
      if ('sessionId' in state.actor && state.actor.sessionId === sessionId)
        io.sockets.sockets.get(id)?.disconnect(true);
    }
  });
  // Revoking a station's pairings ends its screens' sockets at once.
  const unsubscribeRevoked = bus.subscribe('station_revoked', (stationId) => {
    for (const [id, state] of states) {
      if (state.paired?.id === stationId) io.sockets.sockets.get(id)?.disconnect(true);
    }
  });

  return {
    io,
    async close() {
      for (const off of [
        unsubscribeEnded,
        unsubscribeRevoked,
        unsubscribe,
        unsubscribeAlarm,
        unsubscribeStatus,
        unsubscribeCabinet,
        unsubscribeScan,
      ])
        off();
      for (const timer of expiryTimers.values()) clearTimeout(timer);
      expiryTimers.clear();
      await new Promise<void>((resolve) => void io.close(() => resolve()));
    },
  };
}

/**
 * Who sees what within their audience: the dashboard what its viewer may see on the board (boardMay); a station what happened at it
 * and in the archive room it guards (cabinets, gate); a handheld its own work.
 */
function inAudience(
  state: SocketState,
  d: DescribedEntry,
  roomOf: ReadonlyMap<string, string | undefined>,
): boolean {
  // The board shows what its viewer may see there: a supervisor of one estate, that estate (access.ts).
  if (state.audience === 'dashboard') return boardMay(state.actor, recordOf(d.item));
  if (state.audience === 'station') {
    if (d.entry.station === state.station) return true;
    const room = state.station ? roomOf.get(state.station) : undefined;
    return (
      room !== undefined &&
      [d.event.fromLocation, d.event.toLocation].some((code) => code?.startsWith(`${room}-`))
    );
  }
  return d.entry.actorUserId === state.actor.userId;
}

/** A door screen's alarms follow the door rule; a person's, their own reading rights. */
function alarmViewer(state: SocketState): Actor {
  return state.paired ? DOOR_ITEMS : state.actor;
}

function handshakeError(code: ErrorCode): Error {
  const error = new DanganError(code);
  return Object.assign(new Error(code), { data: { code, message: error.messages } });
}
