// The recent-events stream: the latest events from before the board opened, then custody events as they
// arrive, newest first, each seq once (the resuming channel's `accept` drops what a replay after a
// reconnect repeats; `add` and `merge` drop what the first load and the live stream both carry).
import { signal } from '@preact/signals';
import type { CustodyEvent } from '../../shared/api/events';

export const KEPT = 50;

export class EventsState {
  readonly rows = signal<CustodyEvent[]>([]);

  add(e: CustodyEvent): void {
    if (this.rows.value.some((r) => r.seq === e.seq)) return;
    this.rows.value = [e, ...this.rows.value].sort((x, y) => y.seq - x.seq).slice(0, KEPT);
  }

  /** The latest events from before the board opened (GET /dashboard/recent): each seq once, newest first. */
  merge(events: CustodyEvent[]): void {
    const seen = new Set(this.rows.value.map((r) => r.seq));
    const fresh = events.filter((e) => !seen.has(e.seq));
    if (fresh.length === 0) return;
    this.rows.value = [...this.rows.value, ...fresh].sort((x, y) => y.seq - x.seq).slice(0, KEPT);
  }

  clear(): void {
    this.rows.value = [];
  }
}
