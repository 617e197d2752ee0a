// The escalation runner runs at once and then periodically, one run at a time, and survives a failed run.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.js';
import { startRemovalEscalation } from '../../server/services/removal-escalation.js';

describe('removal escalation runner', () => {
  it('runs at once, again every period, and keeps going after a failure', async () => {
    let runs = 0;
    const escalation = startRemovalEscalation({
      circulation: {
        escalateRemovals: async () => {
          runs += 1;
          if (runs === 1) throw new Error('database busy');
          return [];
        },
      },
      logger: createLogger('silent'),
      everyMs: 10,
    });
    await escalation.settled();
    expect(runs).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    escalation.stop();
    await escalation.settled();
    const after = runs;
    expect(after).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(runs).toBe(after); // stopped
  });
});
