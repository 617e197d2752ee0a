// A four-method logger the layer writes to; the server can hand in pino, tests keep the silent default.

export interface HardwareLogger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

const noop = (): void => undefined;
export const silentLogger: HardwareLogger = { debug: noop, info: noop, warn: noop, error: noop };
