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

/** Errors raised by body parsing (express.json) carry a `type`; they are the client's fault, not ours. */
function fromParser(e: unknown): DanganError | null {
  const type = (e as { type?: string }).type;
  if (type === 'entity.parse.failed')
    return new DanganError('VALIDATION_FAILED', {
      in: 'body',
      issues: [{ path: '', message: 'malformed JSON' }],
    });
  if (type === 'entity.too.large') return new DanganError('PAYLOAD_TOO_LARGE');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new DanganError('VALIDATION_FAILED', {
      in: 'body',
      issues: [{ path: '', message: 'unsupported encoding' }],
    });
  }
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
