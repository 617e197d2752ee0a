// Runs circulation.escalateRemovals now and then, so a folder taken from a cabinet without check-out turns
// from 未登记取出 into 遗失 once policy.unrecordedRemovalHours have passed, also across restarts (the removal
// time is stored, not held in a timer).
import type { Logger } from '../logger.js';
import type { CirculationService } from './circulation.js';

export interface RemovalEscalation {
  /** Resolves when the run in progress (if any) is over. */
  settled(): Promise<void>;
  stop(): void;
}

export function startRemovalEscalation(o: {
  circulation: Pick<CirculationService, 'escalateRemovals'>;
  logger: Logger;
  /** How often to look; a minute is plenty for a deadline counted in hours. */
  everyMs?: number;
}): RemovalEscalation {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running
      .then(async () => {
        const escalated = await o.circulation.escalateRemovals();
        if (escalated.length > 0) {
          o.logger.info(
            { items: escalated.map((r) => r.item.barcode) },
            'unrecorded removals recorded missing',
          );
        }
      })
      .catch((e: unknown) => o.logger.error({ err: e }, 'escalating unrecorded removals failed'));
  };
  run();
  const timer = setInterval(run, o.everyMs ?? 60_000);
  timer.unref();
  return {
    settled: () => running,
    stop: () => clearInterval(timer),
  };
}
