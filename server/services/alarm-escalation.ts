// Runs alarms.escalateDue now and then, so an alarm nobody acknowledges climbs the escalation ladder
// (supervisor → site manager → general manager) one level per policy.alarmEscalationMinutes, also across
// restarts: the alarm's level and when it reached it are stored, not held in a timer.
import type { Logger } from '../logger.js';
import type { AlarmService } from './alarms.js';
import { startPeriodicJob, type PeriodicJob } from './periodic-job.js';

export type AlarmEscalation = PeriodicJob;

export function startAlarmEscalation(o: {
  alarms: Pick<AlarmService, 'escalateDue'>;
  logger: Logger;
  /** How often to look; a minute is fine for a deadline counted in minutes. */
  everyMs?: number;
}): AlarmEscalation {
  return startPeriodicJob({
    run: async () => {
      const escalated = await o.alarms.escalateDue();
      if (escalated.length > 0) {
        o.logger.warn(
          { alarms: escalated.map((a) => ({ id: a.id, level: a.escalationLevel })) },
          'alarms not acknowledged in time escalated',
        );
      }
    },
    logger: o.logger,
    failure: 'escalating alarms failed',
    everyMs: o.everyMs ?? 60_000,
  });
}
