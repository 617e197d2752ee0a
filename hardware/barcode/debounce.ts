// Suppresses the same code seen again within a window: a scanner in presentation mode re-reads a label held
// under it many times a second. The window slides with each repeat, so a folder left under the scanner
// counts once until it has been away for a full window.

export class Debouncer {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** True when the code should be reported; every call refreshes the code's last-seen time. */
  accept(code: string, now: number): boolean {
    if (this.windowMs <= 0) return true;
    const prev = this.lastSeen.get(code);
    this.lastSeen.set(code, now);
    if (this.lastSeen.size > 64) this.prune(now);
    return prev === undefined || now - prev >= this.windowMs;
  }

  private prune(now: number): void {
    for (const [code, at] of this.lastSeen) if (now - at >= this.windowMs) this.lastSeen.delete(code);
  }
}
