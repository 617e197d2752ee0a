// The page going away (closed, reloaded, navigated) while a 完好 return is held: it is sent at once, best
// effort, with `keepalive` so the browser may finish the request after the page is gone.
import type { KioskController } from './controller';

/** A fetch that asks for `keepalive` once the page is leaving. */
export function leavingAwareFetch(base: typeof fetch = (input, init) => fetch(input, init)) {
  let leaving = false;
  const wrapped: typeof fetch = (input, init) => base(input, leaving ? { ...init, keepalive: true } : init);
  return { fetch: wrapped, markLeaving: () => void (leaving = true) };
}

/** Sends a held return on `pagehide` and `beforeunload`. */
export function flushWhenLeaving(target: Window, controller: KioskController, markLeaving: () => void): void {
  const flush = () => {
    if (!controller.folder.undo.held.value) return;
    markLeaving();
    void controller.folder.undo.flush();
  };
  target.addEventListener('pagehide', flush);
  target.addEventListener('beforeunload', flush);
}
