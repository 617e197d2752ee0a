// Wall-screen mode (#/?wall=1): a 1920×1080 screen on a wall, with no mouse. The lists page themselves
// over time instead of by clicking, and the sign-in survives a reload.
//
// Where the token is kept: the bearer token lives in memory only, except in wall mode, where it is also put
// in this tab's sessionStorage (never localStorage: it is gone when the tab or the browser closes, and no
// other tab, window or site sees it). The server's HttpOnly session cookie would be out of script's reach,
// but the board's API client and socket handshake send the token explicitly (credentials: 'omit', the
// handshake's auth payload) so that no cookie can ever authorise a cross-site request; turning cookies on
// for the board would trade that property away for every desk, not just for the wall. What the stored token
// risks: script running in this page (an XSS) could read it, where it could equally read the token in
// memory; the session still expires on the server as usual, signing out forgets it, and a session the
// server refuses is dropped at once. See docs/security.md "Wall-screen mode".
export const WALL_TOKEN_KEY = 'dangan.dashboard.wallToken';
/** How long each page of a list stays on the wall before the next. */
export const WALL_PAGE_MS = 15_000;

/** The part of sessionStorage the board uses (a stand-in in component tests). */
export interface TokenStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function memoryStore(): TokenStore {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}

/** The next page's offset, back to the first after the last. */
export function nextOffset(offset: number, size: number, total: number): number {
  const next = offset + size;
  return next >= total ? 0 : next;
}
