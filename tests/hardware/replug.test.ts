// Forced unplugs while a scanner streams, over real pseudo-terminals (socat SIGKILLed and restarted at the
// same paths) and the real serialport: no whole code that reaches the host after a reconnect is dropped,
// however soon it comes, and a torn tail never becomes a scan. 12 unplugs: bench/hardware-replug.ts.
import { describe, expect, it } from 'vitest';
import { runReplugs } from '../../hardware/sim/replug-run.js';

describe('scanner across forced unplugs (pseudo-terminals)', () => {
  it('after each replug drops the torn tail and keeps every whole code of the 100 ms grace window', async () => {
    const r = await runReplugs({ unplugs: 2, replug: 'tail-first', upMs: 150, downMs: 100 });
    expect(r.fragments).toBe(2);
    expect(r.fragmentsDelivered).toBe(0);
    expect(r.inGraceWritten).toBeGreaterThan(0);
    expect(r.inGraceLost).toBe(0);
    expect(r.unknownScans).toBe(0);
    // The far end writes only while the host is back: at most the code in flight at each kill is lost.
    expect(r.lostPerUnplug.slice(0, -1).every((n) => n <= 1)).toBe(true);
    expect(r.lostPerUnplug.at(-1)).toBe(0);
  }, 10_000);

  it('a scanner scanning on at once loses only codes sent before the host reopened the port', async () => {
    const r = await runReplugs({ unplugs: 2, replug: 'at-once', upMs: 150, downMs: 100 });
    // Whole codes in the first 100 ms after the reconnect, the first record included, all arrive.
    expect(r.inGraceWritten).toBeGreaterThan(0);
    expect(r.inGraceLost).toBe(0);
    expect(r.unknownScans).toBe(0);
    expect(r.lostPerUnplug[0]).toBeLessThanOrEqual(1); // the code in flight at the first kill
    // What is lost was written during the reconnect delay (the host port closed), at most that many ticks.
    for (const lost of r.lostPerUnplug.slice(1)) expect(lost).toBeLessThanOrEqual(r.reconnectMs.max / 10 + 2);
  }, 10_000);
});
