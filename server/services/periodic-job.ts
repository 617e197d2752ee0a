// A job run at once and then every `everyMs`, one run at a time (a run that outlasts the interval makes
// the next wait for it), its failures logged, not thrown: the skeleton of the server's periodic work
// (alarm escalation, unrecorded-removal escalation, the overdue digest).
import type { Logger } from '../logger.js';

export interface PeriodicJob {
  /** Resolves when the run in progress (if any) is over. */
  settled(): Promise<void>;
  stop(): void;
}

export function startPeriodicJob(o: {
  run: () => Promise<void>;
  logger: Logger;
  /** Logged with the error when a run fails. */
  failure: string;
  everyMs: number;
}): PeriodicJob {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    if (stopped) return;
    running = running.then(o.run).catch((e: unknown) => o.logger.error({ err: e }, o.failure));
  };
  run();
  const timer = setInterval(run, o.everyMs);
  timer.unref();
  return {
    settled: () => running,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
