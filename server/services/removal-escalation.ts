// Runs circulation.escalateRemovals now and then, so a folder taken from a cabinet without check-out turns
// from 未登记取出 into 遗失 once policy.unrecordedRemovalHours have passed, also across restarts (the removal
// time is stored, not held in a timer).
import type { Logger } from '../logger.js';
import type { CirculationService } from './circulation.js';
import { startPeriodicJob, type PeriodicJob } from './periodic-job.js';

export type RemovalEscalation = PeriodicJob;

export function startRemovalEscalation(o: {
  circulation: Pick<CirculationService, 'escalateRemovals'>;
  logger: Logger;
  /** How often to look; a minute is plenty for a deadline counted in hours. */
  everyMs?: number;
}): RemovalEscalation {
  return startPeriodicJob({
    run: async () => {
      const escalated = await o.circulation.escalateRemovals();
      if (escalated.length > 0) {
        o.logger.info(
          { items: escalated.map((r) => r.item.barcode) },
          'unrecorded removals recorded missing',
        );
      }
    },
    logger: o.logger,
    failure: 'escalating unrecorded removals failed',
    everyMs: o.everyMs ?? 60_000,
  });
}
