// Cross-site request forgery guard for every state-changing request under /api (POST, PUT, PATCH, DELETE):
//  - the body must be JSON (`Content-Type: application/json`, `{}` when there is nothing to say): an HTML form
//    or a "simple" cross-site fetch cannot send that type without a CORS preflight, which we never grant;
//  - an `Origin` header, when sent, must be this server's own origin (scheme, host and port of the request's
//    Host) or one of security.allowedOrigins; `Origin: null` (sandboxed frames, file://) is refused;
//  - without an Origin the request must carry its own credential in `Authorization: Bearer|Station`. Browsers
//    send Origin on every cross-site POST and cannot attach that header cross-site, so a request with neither is
//    not a browser acting for a signed-in person; one that would rely on the session cookie is refused.
//  - Sign-in without Origin is allowed: a device or a script (curl) signing in has no credential yet, and a
//    forged sign-in needs a browser, which sends Origin (and cannot send the JSON type without a preflight).
import type { Request, RequestHandler } from 'express';
import { DanganError } from '../domain/errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Paths (under /api/v1) that are called before any credential exists. */
const SIGN_IN_PATHS = new Set(['/v1/auth/login', '/v1/auth/badge']);

export interface RequestGuardOptions {
  /** security.allowedOrigins: other origins allowed to call (a separate front-end host). */
  allowedOrigins: readonly string[];
  /** Served behind HTTPS (security.secureCookies): the browser's origin is https:// though we see http. */
  https?: boolean;
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The origins this request's own page would have: the Host header under our scheme(s). */
function ownOrigins(req: Request, https: boolean): string[] {
  const host = req.headers.host;
  if (!host) return [];
  const schemes = new Set([req.protocol, ...(https ? ['https'] : [])]);
  return [...schemes].flatMap((scheme) => originOf(`${scheme}://${host}`) ?? []);
}

function hasOwnCredential(req: Request): boolean {
  const auth = req.headers.authorization ?? '';
  return /^(Bearer|Station) \S/.test(auth);
}

function isJsonWithBody(req: Request): boolean {
  // A body is announced by Content-Length > 0 or Transfer-Encoding (type-is' rule); none means bodiless.
  const announced =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  return announced && req.is('application/json') === 'application/json';
}

export function requestGuard(options: RequestGuardOptions): RequestHandler {
  const allowed = new Set(options.allowedOrigins.flatMap((o) => originOf(o) ?? []));
  return (req, _res, next) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const normalised = originOf(origin);
      const ok =
        normalised !== null &&
        (allowed.has(normalised) || ownOrigins(req, options.https ?? false).includes(normalised));
      if (!ok) return next(new DanganError('ORIGIN_REFUSED', { origin }));
    } else if (!hasOwnCredential(req) && !SIGN_IN_PATHS.has(req.path)) {
      return next(new DanganError('ORIGIN_REFUSED', { origin: null }));
    }
    if (!isJsonWithBody(req)) {
      return next(
        new DanganError('JSON_BODY_REQUIRED', { contentType: req.headers['content-type'] ?? null }),
      );
    }
    next();
  };
}
