// Reconnect delays: exponential, capped, with optional jitter so many devices unplugged together (a USB hub
// losing power) do not retry in lockstep.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
}

/** Delay before retry number `attempt` (0-based). `random` in [0,1) spreads it by up to -20%. */
export function backoffDelay(attempt: number, o: BackoffOptions, random?: () => number): number {
  const raw = Math.min(o.maxMs, o.initialMs * Math.pow(o.factor, Math.max(0, attempt)));
  return random ? Math.round(raw * (1 - 0.2 * random())) : raw;
}
