// How a request proves who it is: the HttpOnly session cookie (browsers) or `Authorization: Bearer` (devices).
import type { CookieOptions, Request, Response } from 'express';
import type { Config } from '../config.js';
import type { AuthService, SessionActor } from '../services/auth.js';

export const SESSION_COOKIE = 'dangan_session';

export function tokenOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  // A request that names another credential (a station's) is not also signed in by a cookie: the origin
  // guard trusts a request with an Authorization header to carry its own credential.
  if (header !== undefined) return null;
  const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return cookie || null;
}

export function sessionAuthenticator(auth: AuthService) {
  // One lookup per request even when several layers ask.
  const cache = new WeakMap<Request, Promise<SessionActor | null>>();
  return (req: Request): Promise<SessionActor | null> => {
    let pending = cache.get(req);
    if (!pending) {
      const token = tokenOf(req);
      pending = token ? auth.authenticate(token) : Promise.resolve(null);
      cache.set(req, pending);
    }
    return pending;
  };
}

export function cookieOptions(security: Config['security'], expiresAt: string): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: security.secureCookies,
    path: '/',
    expires: new Date(expiresAt),
  };
}

export function setSessionCookie(
  res: Response,
  security: Config['security'],
  token: string,
  expiresAt: string,
): void {
  res.cookie(SESSION_COOKIE, token, cookieOptions(security, expiresAt));
}

export function clearSessionCookie(res: Response, security: Config['security']): void {
  res.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: security.secureCookies,
    path: '/',
  });
}
