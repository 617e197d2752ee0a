// One structured logger. Secrets never reach it: tokens, passwords, PINs and ID numbers are redacted by path.
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Writes to stdout unless given a destination (tests pass a stream to read what was logged). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    redact: {
      paths: [
        'password',
        'pin',
        'token',
        '*.password',
        '*.pin',
        '*.token',
        'secret',
        '*.secret',
        'pass',
        '*.pass',
        'idNumber',
        '*.idNumber',
        'req.headers.cookie',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
