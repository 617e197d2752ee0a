// A refusal or failure of an API call, with the server's stable code and its message in both languages.
import type { Lang } from '../i18n';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messages: { 'zh-CN': string; en: string },
    readonly details?: unknown,
  ) {
    super(messages.en);
    this.name = 'ApiError';
  }
  /** The fetch never got an answer (server down, network cut). */
  get network(): boolean {
    return this.code === 'NETWORK';
  }
  /** The credentials used are not (or no longer) valid. */
  get unauthenticated(): boolean {
    return this.status === 401;
  }
  text(lang: Lang): string {
    return this.messages[lang];
  }
}

export const NETWORK_MESSAGES = {
  'zh-CN': '无法连接服务器，请稍后再试',
  en: 'Cannot reach the server; try again shortly',
};

/** Anything thrown, as an ApiError (a bug in the screen becomes a generic "try again"). */
export const asApiError = (e: unknown): ApiError =>
  e instanceof ApiError
    ? e
    : new ApiError('INTERNAL', 0, { 'zh-CN': '出现错误，请重试', en: 'Something went wrong; try again' });
