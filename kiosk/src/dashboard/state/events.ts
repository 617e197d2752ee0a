// The recent-events stream: custody events as they arrive, newest first, each seq once (the resuming
// channel's `accept` drops what a replay after a reconnect repeats).
import { signal } from '@preact/signals';
import type { CustodyEvent } from '../../shared/api/events';

const KEPT = 50;

export class EventsState {
  readonly rows = signal<CustodyEvent[]>([]);

  add(e: CustodyEvent): void {
    if (this.rows.value.some((r) => r.seq === e.seq)) return;
    this.rows.value = [e, ...this.rows.value].sort((x, y) => y.seq - x.seq).slice(0, KEPT);
  }

  clear(): void {
    this.rows.value = [];
  }
}
