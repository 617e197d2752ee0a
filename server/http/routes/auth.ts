// Sign-in and sign-out.
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { AuthService, SessionActor } from '../../services/auth.js';
import { defineRoute } from '../route.js';
import { singleLineText } from '../schemas.js';
import { clearSessionCookie, setSessionCookie } from '../session.js';

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
  })
  .openapi('Me');

const SignedIn = z.object({ token: z.string(), me: Me }).openapi('SignedIn');

export const toMe = (a: SessionActor): z.infer<typeof Me> => ({
  userId: a.userId,
  username: a.username,
  displayName: a.displayName,
  role: a.role,
  departmentId: a.departmentId,
  kind: a.kind,
  station: a.station,
  expiresAt: a.expiresAt,
});

export function authRoutes(auth: AuthService, security: Config['security']) {
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
      handler: async ({ body, res }) => {
        const { token, actor } = await auth.loginWithPassword(body.username, body.password);
        setSessionCookie(res, security, token, actor.expiresAt);
        return { token, me: toMe(actor) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/badge',
      summary: 'Sign in at a station with a badge and PIN',
      tag: 'auth',
      auth: 'public',
      body: z
        .object({
          badge: singleLineText().min(1).max(64),
          pin: z.string().regex(/^\d{4,8}$/, 'PIN is 4–8 digits'),
          station: singleLineText().min(1).max(64).optional(),
        })
        .strict(),
      response: SignedIn,
      handler: async ({ body, res }) => {
        const { token, actor } = await auth.loginWithBadge(body.badge, body.pin, body.station ?? null);
        setSessionCookie(res, security, token, actor.expiresAt);
        return { token, me: toMe(actor) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'End this session',
      tag: 'auth',
      auth: 'session',
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
      response: Me,
      handler: async ({ actor }) => toMe(actor),
    }),
  ];
}
