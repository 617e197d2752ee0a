// Confirmation of tag reads from noisy frames. An 8-bit checksum passes about one random candidate in
// 256, so a frame right next to rejected bytes (a torn frame, noise) may be a lucky checksum whose EPC no
// tag carries. Such a read is held until the same EPC is read again (clean or not); a phantom's EPC never
// comes back, a real tag in the field is read every round. Reads from clean frames pass at once, so a
// real tag's sighting waits only when its frame sat next to noise, and then until its next read (in the
// next round). A held read is dropped at the third round end after it: one spurious round summary
// (itself a lucky checksum) must not drop a real read before the tag's next round.
import type { TagRead } from '../common/types.js';

interface Held {
  read: TagRead;
  /** Round ends seen since it was held. */
  rounds: number;
}

/** A held read is dropped at this round end after it: its own round's, the next one's, one spare. */
const HOLD_ROUNDS = 3;

export interface ConfirmStats {
  /** Reads held because their frame sat next to rejected bytes. */
  held: number;
  /** Held reads released by a second read of the same EPC. */
  confirmed: number;
  /** Held reads dropped unconfirmed. */
  dropped: number;
}

export class TagConfirmer {
  readonly stats: ConfirmStats = { held: 0, confirmed: 0, dropped: 0 };
  private readonly held = new Map<string, Held>();

  /** The reads to emit now, in order: a held read of this EPC first, then this one unless it is held. */
  offer(read: TagRead, noisy: boolean): TagRead[] {
    const earlier = this.held.get(read.epc);
    if (earlier) {
      this.held.delete(read.epc);
      this.stats.confirmed++;
      return [earlier.read, read];
    }
    if (!noisy) return [read];
    this.held.set(read.epc, { read, rounds: 0 });
    this.stats.held++;
    return [];
  }

  /** An inventory round ended: reads held since HOLD_ROUNDS round ends are dropped. */
  roundEnd(): void {
    for (const [epc, h] of this.held) {
      if (h.rounds >= HOLD_ROUNDS - 1) {
        this.held.delete(epc);
        this.stats.dropped++;
      } else {
        h.rounds++;
      }
    }
  }

  /** The port closed: what was held is dropped (it cannot be confirmed by this session). */
  clear(): void {
    this.stats.dropped += this.held.size;
    this.held.clear();
  }

  get pending(): number {
    return this.held.size;
  }
}
