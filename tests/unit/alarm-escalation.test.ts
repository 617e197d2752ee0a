// The alarm escalation runner runs at once and then periodically, one run at a time, survives a failed run
// and stops when told.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.js';
import { startAlarmEscalation } from '../../server/services/alarm-escalation.js';

describe('alarm escalation runner', () => {
  it('runs at once, again every period, and keeps going after a failure', async () => {
    let runs = 0;
    let concurrent = 0;
    let most = 0;
    const escalation = startAlarmEscalation({
      alarms: {
        escalateDue: async () => {
          runs += 1;
          concurrent += 1;
          most = Math.max(most, concurrent);
          await new Promise((r) => setTimeout(r, 15));
          concurrent -= 1;
          if (runs === 1) throw new Error('database busy');
          return [];
        },
      },
      logger: createLogger('silent'),
      everyMs: 5,
    });
    await escalation.settled();
    expect(runs).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 80));
    escalation.stop();
    await escalation.settled();
    const after = runs;
    expect(after).toBeGreaterThan(1);
    expect(most).toBe(1); // one run at a time, though the period is shorter than a run
    await new Promise((r) => setTimeout(r, 40));
    expect(runs).toBe(after);
  });
});
