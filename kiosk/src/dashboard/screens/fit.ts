// How many rows fit a list: measured on screen (the list's height over a row's), so the overdue list and
// the holders page by what the panel shows at 1366×768 as at 2560×1440, not by a constant.
import { useEffect, useRef } from 'preact/hooks';

/**
 * Watches a list element and reports how many rows of its kind fit it. A row is measured when one is
 * shown; before that, `fallbackEm` ems (the row's usual height) stand in. Reports nothing while the list
 * has no height (hidden, or a test without layout).
 */
export function useRowsThatFit<T extends HTMLElement>(onFit: (rows: number) => void, fallbackEm = 2.9) {
  const ref = useRef<T>(null);
  const last = useRef(0);
  const measureRef = useRef<() => void>(() => undefined);
  // After every render too: the first real rows may be taller than the estimate, and the list's size does
  // not change when they arrive. Reports only a change, so this settles at once.
  useEffect(() => measureRef.current());
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const height = el.clientHeight;
      if (height <= 0) return;
      const row = el.querySelector<HTMLElement>(':scope > .row');
      const em = parseFloat(getComputedStyle(el).fontSize) || 16;
      const rowHeight = row?.offsetHeight || fallbackEm * em;
      const rows = Math.max(1, Math.floor(height / rowHeight));
      if (rows !== last.current) {
        last.current = rows;
        onFit(rows);
      }
    };
    measureRef.current = measure;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);
  return ref;
}
