// Runs alarms.escalateDue now and then, so an alarm nobody acknowledges climbs the escalation ladder
// (supervisor → site manager → general manager) one level per policy.alarmEscalationMinutes, also across
// restarts: the alarm's level and when it reached it are stored, not held in a timer.
import type { Logger } from '../logger.js';
import type { AlarmService } from './alarms.js';

export interface AlarmEscalation {
  /** Resolves when the run in progress (if any) is over. */
  settled(): Promise<void>;
  stop(): void;
}

export function startAlarmEscalation(o: {
  alarms: Pick<AlarmService, 'escalateDue'>;
  logger: Logger;
  /** How often to look; a minute is fine for a deadline counted in minutes. */
  everyMs?: number;
}): AlarmEscalation {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running
      .then(async () => {
        const escalated = await o.alarms.escalateDue();
        if (escalated.length > 0) {
          o.logger.warn(
            { alarms: escalated.map((a) => ({ id: a.id, level: a.escalationLevel })) },
            'alarms not acknowledged in time escalated',
          );
        }
      })
      .catch((e: unknown) => o.logger.error({ err: e }, 'escalating alarms failed'));
  };
  run();
  const timer = setInterval(run, o.everyMs ?? 60_000);
  timer.unref();
  return {
    settled: () => running,
    stop: () => clearInterval(timer),
  };
}
