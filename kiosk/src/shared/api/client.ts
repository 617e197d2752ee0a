// The one way a screen calls /api/v1. A station token or a person's bearer token goes in the Authorization
// header; cookies are neither sent nor stored (`credentials: 'omit'`): a screen holds its session in memory
// only, so closing or reloading the page ends it on this side.
import { ApiError, NETWORK_MESSAGES } from './error';

/** Who is calling: a paired station, a signed-in person, or nobody. */
export type Credential = { station: string } | { bearer: string } | null;

export type Call = <T>(method: string, path: string, credential: Credential, body?: unknown) => Promise<T>;

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

interface ErrorBody {
  code?: string;
  message?: string;
  messages?: { 'zh-CN'?: string; en?: string };
  details?: unknown;
}

export function createCall(fetchImpl: typeof fetch, base = '/api/v1'): Call {
  return async function call<T>(method: string, path: string, credential: Credential, body?: unknown) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (credential && 'station' in credential) headers.authorization = `Station ${credential.station}`;
    if (credential && 'bearer' in credential) headers.authorization = `Bearer ${credential.bearer}`;
    let res: Response;
    try {
      res = await fetchImpl(`${base}${path}`, {
        method,
        headers,
        credentials: 'omit',
        cache: 'no-store',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError('NETWORK', 0, NETWORK_MESSAGES);
    }
    const text = await res.text().catch(() => '');
    const json = parseJson(text);
    if (res.ok) return json as T;
    const e = (json ?? {}) as ErrorBody;
    if (typeof e.code !== 'string') {
      // Not our server answering (a proxy's error page, a gateway timeout): treat as unreachable.
      throw new ApiError(res.status >= 500 ? 'NETWORK' : 'HTTP_' + res.status, res.status, NETWORK_MESSAGES);
    }
    const fallback = e.message ?? e.code;
    throw new ApiError(
      e.code,
      res.status,
      { 'zh-CN': e.messages?.['zh-CN'] ?? fallback, en: e.messages?.en ?? fallback },
      e.details,
    );
  };
}

/** A path segment, escaped. */
export const seg = (s: string) => encodeURIComponent(s);
