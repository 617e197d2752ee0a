// One socket's place in the custody feed. Everything sent to a socket goes through its queue in order; the
// cursor is the last seq it has been given (or passed over as not visible), and a live event that jumps
// ahead of the cursor first pulls the missing entries from the database. So a socket sees every visible
// event exactly once, in seq order, whether it arrives live, during a replay, or after a reconnect.
import type { CustodyEntry } from '../domain/ledger.js';
import type { Queryable } from '../store/db.js';
import {
  describeEntries,
  entriesAfter,
  type CustodyEvent,
  type DescribedEntry,
  type StationNames,
} from './feed.js';

const PAGE = 500;

export class Subscription {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly q: Queryable,
    private cursor: number,
    private readonly visible: (d: DescribedEntry) => boolean,
    private readonly send: (event: CustodyEvent) => void,
    private readonly described: (entry: CustodyEntry) => DescribedEntry | undefined,
    private readonly stationNames: StationNames = new Map(),
  ) {}

  get position(): number {
    return this.cursor;
  }

  /** Delivers everything up to and including `seq` (from the database where it has not seen it live). */
  catchUpTo(seq: number, live?: CustodyEntry): Promise<void> {
    this.queue = this.queue.then(() => this.deliver(seq, live)).catch(() => undefined);
    return this.queue;
  }

  private async deliver(seq: number, live?: CustodyEntry): Promise<void> {
    while (this.cursor < seq) {
      if (live && live.seq === this.cursor + 1 && live.seq === seq) {
        const d = this.described(live) ?? (await describeEntries(this.q, [live], this.stationNames))[0];
        this.emit(live.seq, d);
        continue;
      }
      const entries = await entriesAfter(this.q, this.cursor, Math.min(PAGE, seq - this.cursor));
      if (entries.length === 0) return; // not committed yet from this reader's view; the next event retries
      const byseq = new Map(
        (await describeEntries(this.q, entries, this.stationNames)).map((d) => [d.entry.seq, d]),
      );
      for (const e of entries) this.emit(e.seq, byseq.get(e.seq));
    }
  }

  private emit(seq: number, d: DescribedEntry | undefined): void {
    if (seq <= this.cursor) return;
    this.cursor = seq;
    if (d && this.visible(d)) this.send(d.event);
  }
}
