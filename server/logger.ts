// One structured logger. Secrets never reach it: tokens, passwords, PINs and ID numbers are redacted by path.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'password',
        'pin',
        'token',
        '*.password',
        '*.pin',
        '*.token',
        'idNumber',
        '*.idNumber',
        'req.headers.cookie',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
