// The board's calls to /api/v1, over the shared client: which endpoint, with the person's bearer token.
import { createCall } from '../shared/api/client';
import type { z } from 'zod';
import type { ReportTableSchema } from '../../../server/http/routes/reports';
import { ApiError, NETWORK_MESSAGES } from '../shared/api/error';
import type { AlarmView, BoardSummary, Holdings, Me, SignedIn } from '../shared/api/types';

/** GET /reports/{report}: one report's table and chart. */
export type ReportTable = z.infer<typeof ReportTableSchema>;
export type ReportName = ReportTable['report'];
export interface ReportParams {
  from?: string;
  to?: string;
  lang?: 'zh-CN' | 'en';
}
/** A downloaded export: the bytes and the file name the server gave it (RFC 5987 filename*). */
export interface ReportFile {
  blob: Blob;
  fileName: string;
}

const query = (p: ReportParams & { format?: string }) =>
  new URLSearchParams(
    Object.entries(p).filter((e): e is [string, string] => typeof e[1] === 'string'),
  ).toString();

/** The file name from Content-Disposition: filename* (UTF-8, percent-encoded) first, then filename. */
export function dispositionName(header: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '');
  if (star) {
    try {
      return decodeURIComponent(star[1]!);
    } catch {
      /* fall through */
    }
  }
  return /filename="([^"]+)"/i.exec(header ?? '')?.[1] ?? fallback;
}

export interface DashboardApi {
  login(username: string, password: string): Promise<SignedIn>;
  logout(bearer: string): Promise<void>;
  me(bearer: string): Promise<Me>;
  summary(bearer: string): Promise<BoardSummary>;
  /** Everyone's overdue loans, soonest due first, a page at a time. */
  overdue(bearer: string, page: { limit: number; offset: number }): Promise<Holdings>;
  openAlarms(bearer: string): Promise<AlarmView[]>;
  report(bearer: string, name: ReportName, params: ReportParams): Promise<ReportTable>;
  /** The report as a file, fetched with the bearer token (it is no cookie, so no plain link would do). */
  exportReport(
    bearer: string,
    name: ReportName,
    format: 'csv' | 'xlsx' | 'pdf',
    params: ReportParams,
  ): Promise<ReportFile>;
}

export function createDashboardApi(fetchImpl: typeof fetch, base = '/api/v1'): DashboardApi {
  const call = createCall(fetchImpl, base);
  return {
    login: (username, password) => call('POST', '/auth/login', null, { username, password }),
    async logout(bearer) {
      // An empty JSON body: the request guard wants JSON on every POST.
      await call('POST', '/auth/logout', { bearer }, {});
    },
    me: (bearer) => call('GET', '/auth/me', { bearer }),
    summary: (bearer) => call('GET', '/dashboard/summary', { bearer }),
    overdue: (bearer, { limit, offset }) =>
      call('GET', `/holdings/all?overdue=true&limit=${limit}&offset=${offset}`, { bearer }),
    async openAlarms(bearer) {
      return (await call<{ alarms: AlarmView[] }>('GET', '/alarms?open=true', { bearer })).alarms;
    },
    report: (bearer, name, params) => call('GET', `/reports/${name}?${query(params)}`, { bearer }),
    async exportReport(bearer, name, format, params) {
      const url = `${base}/reports/${name}/export?${query({ ...params, format })}`;
      let res: Response;
      try {
        res = await fetchImpl(url, {
          headers: { authorization: `Bearer ${bearer}` },
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch {
        throw new ApiError('NETWORK', 0, NETWORK_MESSAGES);
      }
      if (!res.ok) {
        // A refusal is JSON like every other answer (code and messages in both languages).
        const e = (await res.json().catch(() => null)) as {
          code?: string;
          messages?: { 'zh-CN'?: string; en?: string };
        } | null;
        if (!e?.code) throw new ApiError('HTTP_' + res.status, res.status, NETWORK_MESSAGES);
        throw new ApiError(e.code, res.status, {
          'zh-CN': e.messages?.['zh-CN'] ?? e.code,
          en: e.messages?.en ?? e.code,
        });
      }
      return {
        blob: await res.blob(),
        fileName: dispositionName(res.headers.get('content-disposition'), `report-${name}.${format}`),
      };
    },
  };
}
