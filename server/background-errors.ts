// Background work (device events, listeners, timers) runs outside any request: a promise it forgets to
// handle must not take the archive down. The serving process logs such a rejection and keeps running.
import type { Logger } from './logger.js';

/** Logs every unhandled rejection instead of exiting; returns a function that stops doing so. */
export function surviveUnhandledRejections(logger: Logger): () => void {
  const onRejection = (reason: unknown) =>
    logger.error({ err: reason }, 'unhandled rejection in background work; the server keeps running');
  process.on('unhandledRejection', onRejection);
  return () => void process.off('unhandledRejection', onRejection);
}
