// Keyboard-wedge detection: a USB barcode scanner or badge reader in HID keyboard mode "types" its code as a
// burst of keystrokes ending in Enter. A person typing is slower and uneven. Pure: the caller feeds it each
// key with the time it happened (KeyboardEvent.timeStamp) and gets a verdict; no DOM, no timers.

export interface WedgeOptions {
  /** Largest mean gap between the keys of a scan, in ms (scanners send a key every 1–20 ms). */
  maxMeanGapMs?: number;
  /** Largest single gap inside a scan and before its Enter, in ms (allows one stall of a busy browser). */
  maxGapMs?: number;
  /** Fewest characters a scan has. */
  minLength?: number;
  /** Most characters a scan has; a longer burst is not a code we print. */
  maxLength?: number;
}

export const WEDGE_DEFAULTS: Required<WedgeOptions> = {
  maxMeanGapMs: 35,
  maxGapMs: 100,
  minLength: 4,
  maxLength: 64,
};

/** What one key meant: nothing yet, a completed scan, or an Enter a person pressed. */
export type WedgeVerdict = { kind: 'none' } | { kind: 'scan'; code: string } | { kind: 'enter' };

/** Keys a scanner may send inside a burst that carry no character and must not break it. */
const TRANSPARENT = new Set(['Shift', 'CapsLock', 'Unidentified', 'Process']);

export interface WedgeDetector {
  /** Feeds one keydown: `key` as KeyboardEvent.key, `at` in ms on any monotonic clock. */
  key(key: string, at: number): WedgeVerdict;
  /** Forgets what was typed (focus moved, screen changed). */
  reset(): void;
}

export function createWedgeDetector(options: WedgeOptions = {}): WedgeDetector {
  const o = { ...WEDGE_DEFAULTS, ...options };
  let chars: string[] = [];
  let times: number[] = [];

  const reset = () => {
    chars = [];
    times = [];
  };

  return {
    reset,
    key(key, at) {
      if (TRANSPARENT.has(key)) return { kind: 'none' };
      if (key === 'Enter') {
        const verdict = judge(chars, times, at, o);
        reset();
        return verdict === null ? { kind: 'enter' } : { kind: 'scan', code: verdict };
      }
      if (key.length !== 1) {
        // Backspace, arrows, Tab, Escape…: a person is editing; a scanner never sends these mid-code.
        reset();
        return { kind: 'none' };
      }
      const last = times.at(-1);
      if (last !== undefined && at - last > o.maxGapMs) reset(); // a pause: whatever came before is typing
      chars.push(key);
      times.push(at);
      if (chars.length > o.maxLength * 2) {
        chars = chars.slice(-o.maxLength);
        times = times.slice(-o.maxLength);
      }
      return { kind: 'none' };
    },
  };
}

/**
 * The code if the keys typed before an Enter at `enterAt` were a scan, else null. Looks at the longest run
 * at the end whose gaps are all within maxGapMs (what a person typed before it does not count).
 */
export function judge(
  chars: readonly string[],
  times: readonly number[],
  enterAt: number,
  options: WedgeOptions = {},
): string | null {
  const o = { ...WEDGE_DEFAULTS, ...options };
  const n = times.length;
  const last = times[n - 1];
  if (n === 0 || last === undefined || enterAt - last > o.maxGapMs || enterAt < last) return null;
  let start = n - 1;
  while (start > 0) {
    const gap = times[start]! - times[start - 1]!;
    if (gap < 0 || gap > o.maxGapMs) break;
    start--;
  }
  const length = n - start;
  if (length < o.minLength || length > o.maxLength) return null;
  const mean = (last - times[start]!) / (length - 1);
  if (mean > o.maxMeanGapMs) return null;
  const code = chars.slice(start).join('').trim();
  return code.length >= o.minLength ? code : null;
}
