// The one error middleware: every failure leaves as {code, message, messages, details} with a stable code.
import type { ErrorRequestHandler, Request } from 'express';
import { DanganError, isDanganError } from '../domain/errors.js';
import type { Logger } from '../logger.js';

export function wantsEnglish(req: Request): boolean {
  const lang = req.headers['accept-language'] ?? '';
  return /^\s*en\b/i.test(lang);
}

export function errorBody(error: DanganError, english: boolean) {
  return {
    code: error.code,
    message: english ? error.messages.en : error.messages.zh,
    messages: { 'zh-CN': error.messages.zh, en: error.messages.en },
    ...(error.details === undefined ? {} : { details: error.details }),
  };
}

/**
 * Errors raised while reading a body (express.json and the raw-body / zlib streams under it) carry an HTTP
 * status and often a `type`; they are the client's fault, never a 500.
 */
function fromParser(e: unknown): DanganError | null {
  const { type, status, expose } = e as { type?: string; status?: number; expose?: boolean };
  switch (type) {
    case 'entity.parse.failed':
      return new DanganError('VALIDATION_FAILED', {
        in: 'body',
        issues: [{ path: '', message: 'malformed JSON' }],
      });
    case 'entity.too.large':
      return new DanganError('PAYLOAD_TOO_LARGE');
    case 'encoding.unsupported':
      return new DanganError('CONTENT_ENCODING_UNSUPPORTED');
    case 'charset.unsupported':
      return new DanganError('CHARSET_UNSUPPORTED');
  }
  // A false Content-Encoding (zlib fails on the bytes), a body shorter or longer than its Content-Length,
  // an aborted upload: http-errors marks client errors as exposable.
  if (typeof status === 'number' && status >= 400 && status < 500 && expose !== false)
    return new DanganError('BODY_UNREADABLE', type ? { type } : undefined);
  return null;
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (e, req, res, _next) => {
    const error = isDanganError(e) ? e : fromParser(e);
    if (error) {
      if (error.status >= 500) logger.error({ code: error.code, details: error.details }, 'request failed');
      res.status(error.status).json(errorBody(error, wantsEnglish(req)));
      return;
    }
    logger.error({ err: e, method: req.method, path: req.path }, 'unexpected error');
    res.status(500).json(errorBody(new DanganError('INTERNAL'), wantsEnglish(req)));
  };
}
