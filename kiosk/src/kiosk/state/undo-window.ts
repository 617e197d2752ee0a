// A one-touch 完好 return held back for a few seconds, so a wrong touch can be taken back before anything
// reaches the custody log. The check-in is sent when the time is up, or at once when the operator moves on
// (the next scan, a mode switch, 完成/退出, the idle timeout, the page going away): flushed, never dropped.
import { signal } from '@preact/signals';
import type { ItemView } from '../../shared/api/types';

/** How long a held return can be undone. */
export const UNDO_MS = 5000;

export interface HeldReturn {
  item: ItemView;
  /** When it is sent by itself (ms on the kiosk's clock). */
  until: number;
  /** The check-in is on its way: too late to undo. */
  sending: boolean;
}

export class UndoWindow {
  readonly held = signal<HeldReturn | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<boolean> | null = null;

  constructor(
    private readonly clock: () => number,
    /** Sends the check-in; resolves whether the server accepted it. */
    private readonly send: (item: ItemView) => Promise<boolean>,
    private readonly ms = UNDO_MS,
  ) {}

  hold(item: ItemView): void {
    this.stopTimer();
    this.held.value = { item, until: this.clock() + this.ms, sending: false };
    this.timer = setTimeout(() => void this.flush(), this.ms);
  }

  /** Whole seconds left to undo, for the countdown (the screen's clock ticks once a second). */
  secondsLeft(now: number): number {
    const held = this.held.value;
    if (!held) return 0;
    return Math.min(Math.ceil(this.ms / 1000), Math.max(0, Math.ceil((held.until - now) / 1000)));
  }

  /** Takes the held return back (nothing was sent); false when there is none or it is already on its way. */
  undo(): boolean {
    const held = this.held.value;
    if (!held || held.sending) return false;
    this.stopTimer();
    this.held.value = null;
    return true;
  }

  /** Sends the held return now. Resolves false only when the server refused it; true when nothing is held. */
  flush(): Promise<boolean> {
    if (this.inFlight) return this.inFlight;
    const held = this.held.value;
    if (!held) return Promise.resolve(true);
    this.stopTimer();
    this.held.value = { ...held, sending: true };
    this.inFlight = this.send(held.item).finally(() => {
      this.inFlight = null;
      this.held.value = null;
    });
    return this.inFlight;
  }

  /** Forgets a held return without sending it: only for a new operator or the kiosk shutting down. */
  drop(): void {
    this.stopTimer();
    if (!this.inFlight) this.held.value = null;
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
