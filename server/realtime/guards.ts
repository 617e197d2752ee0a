// Admission rules for the real-time channel: which browser origins may connect, and how many events a
// socket may send. Pure functions and a small token bucket; the channel wires them in.

/**
 * A browser connection is admitted when its Origin is on the configured list, or is the page's own origin
 * (the Host it asked for). Connections without an Origin are refused: every browser sends one, and a device
 * client must say where it comes from.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (!origin) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.some((a) => new URL(a).origin === parsed.origin)) return true;
  return (
    host !== undefined &&
    (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
    parsed.host === host
  );
}

/** Allows `burst` events at once and `perSecond` on average after that. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
