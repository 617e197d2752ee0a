// Sign-in and sign-out. Sign-in attempts are rate-limited per source address, per username and per badge
// (on top of the lock-out the auth service keeps); badge + PIN works only from a paired station's screen.
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { DanganError } from '../../domain/errors.js';
import { systemClock, type Clock } from '../../providers.js';
import type { AuthService, SessionActor } from '../../services/auth.js';
import type { Station } from '../../services/stations.js';
import { createRateLimiter, type RateLimiter } from '../rate-limit.js';
import { defineRoute } from '../route.js';
import { OverdueLoans, singleLineText } from '../schemas.js';
import { clearSessionCookie, setSessionCookie } from '../session.js';
import { stationToken } from './stations.js';

export const Me = z
  .object({
    userId: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    role: z.string(),
    departmentId: z.number().int().nullable(),
    kind: z.enum(['password', 'badge']),
    station: z.string().nullable(),
    expiresAt: z.string(),
    overdue: OverdueLoans.openapi({
      description: 'The person’s loans past due, so the sign-in screen can warn (return them first)',
    }),
  })
  .openapi('Me');

export const SignedIn = z.object({ token: z.string(), me: Me }).openapi('SignedIn');

type OverdueOf = (userId: number) => Promise<z.infer<typeof OverdueLoans>>;
const NONE_OVERDUE: OverdueOf = async () => ({ count: 0, items: [], blocksNewLoans: false });

export const toMe = (a: SessionActor, overdue: z.infer<typeof OverdueLoans>): z.infer<typeof Me> => ({
  userId: a.userId,
  username: a.username,
  displayName: a.displayName,
  role: a.role,
  departmentId: a.departmentId,
  kind: a.kind,
  station: a.station,
  expiresAt: a.expiresAt,
  overdue,
});

export interface AuthRouteDeps {
  /** The station a screen's `Authorization: Station <token>` stands for, or null. Without it no badge signs in. */
  stationByToken?: (token: string) => Promise<Station | null>;
  clock?: Clock;
  /** The person's overdue loans (services/items.ts overdueOf); without it, none are reported. */
  overdueOf?: OverdueOf;
}

/** Spends one token of `key`'s bucket, or refuses with 429 and Retry-After. */
function spend(limiter: RateLimiter, key: string, res: Response): void {
  const taken = limiter.take(key);
  if (taken.ok) return;
  res.setHeader('Retry-After', String(taken.retryAfterSeconds));
  throw new DanganError('RATE_LIMITED', { retryAfterSeconds: taken.retryAfterSeconds });
}

const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

export function authRoutes(auth: AuthService, security: Config['security'], deps: AuthRouteDeps = {}) {
  const clock = deps.clock ?? systemClock;
  const overdueOf = deps.overdueOf ?? NONE_OVERDUE;
  const me = async (a: SessionActor) => toMe(a, await overdueOf(a.userId));
  const perAddress = createRateLimiter(security.signInRate.address, clock);
  const perAccount = createRateLimiter(security.signInRate.account, clock);
  const perBadge = createRateLimiter(security.signInRate.badge, clock);
  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in with username and password',
      tag: 'auth',
      auth: 'public',
      body: z
        .object({ username: singleLineText().min(1).max(64), password: z.string().min(1).max(200) })
        .strict(),
      response: SignedIn,
      handler: async ({ body, req, res }) => {
        spend(perAddress, addressOf(req), res);
        spend(perAccount, body.username.toLowerCase(), res);
        const { token, actor } = await auth.loginWithPassword(body.username, body.password);
        setSessionCookie(res, security, token, actor.expiresAt);
        return { token, me: await me(actor) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/badge',
      summary:
        'Sign in with a badge and PIN at a paired station (Authorization: Station <token>); the session reaches kiosk actions only',
      tag: 'auth',
      auth: 'public',
      // No `station` field: the station is the one whose token the screen presents.
      body: z
        .object({
          badge: singleLineText().min(1).max(64),
          pin: z.string().regex(/^\d{4,8}$/, 'PIN is 4–8 digits'),
        })
        .strict(),
      response: SignedIn,
      handler: async ({ body, req, res }) => {
        spend(perAddress, addressOf(req), res);
        const screen = stationToken(req);
        const station = screen && deps.stationByToken ? await deps.stationByToken(screen) : null;
        if (!station) throw new DanganError('STATION_UNPAIRED');
        spend(perBadge, body.badge, res);
        const { token, actor } = await auth.loginWithBadge(body.badge, body.pin, station.id);
        setSessionCookie(res, security, token, actor.expiresAt);
        return { token, me: await me(actor) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'End this session',
      tag: 'auth',
      auth: 'session',
      kiosk: true,
      response: z.object({ ok: z.literal(true) }),
      handler: async ({ actor, res }) => {
        await auth.logout(actor.sessionId);
        clearSessionCookie(res, security);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/auth/me',
      summary: 'Who is signed in',
      tag: 'auth',
      auth: 'session',
      kiosk: true,
      response: Me,
      handler: async ({ actor }) => me(actor),
    }),
  ];
}
