// The board's calls to /api/v1, over the shared client: which endpoint, with the person's bearer token.
import { createCall, seg } from '../shared/api/client';
import type { CustodyEvent } from '../shared/api/events';
import type {
  AlarmLog,
  AlarmView,
  BoardSummary,
  FolderTimeline,
  Holdings,
  Me,
  SearchResult,
  NoticeSummary,
  OutboxStatus,
  CabinetMap,
  DeviceHealthList,
  BoardHolders,
  BoardLoans,
  SignedIn,
  StationActivity,
  ReportTable,
} from '../shared/api/types';

export type { ReportTable } from '../shared/api/types';
import { ApiError, NETWORK_MESSAGES } from '../shared/api/error';

/** GET /reports/{report}: one report's table and chart. */
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
  /** The search box: 档号, barcode, room (3-2-1502) or owner name; hits the caller may read. */
  search(bearer: string, q: string, limit?: number): Promise<SearchResult>;
  /** A folder's whole custody history, oldest first, and the chain verified through its last row. */
  timeline(bearer: string, itemId: number): Promise<FolderTimeline>;
  /** The notification outbox: counts, and a page of recent notices (of one status, if given). */
  outbox(bearer: string, filter: { status?: string; limit: number; offset: number }): Promise<OutboxStatus>;
  /** Sends a dead notice again. */
  retryNotice(bearer: string, id: number): Promise<NoticeSummary>;
  /** Every scanner, reader, gate and printer, the ones needing a look first. */
  devices(bearer: string): Promise<DeviceHealthList>;
  /** The cabinet map: shelves, fill against capacity, what the readers see. */
  cabinets(bearer: string): Promise<CabinetMap>;
  /** Takes an alarm on with a note (it stops escalating). */
  acknowledgeAlarm(bearer: string, id: number, note: string): Promise<AlarmView>;
  /** Closes an alarm with what was found (returned, explained, lost, false_read) and an optional note. */
  resolveAlarm(bearer: string, id: number, cause: string, note: string): Promise<AlarmView>;
  /** An alarm as it is now and its log (acknowledged, escalated, resolved), oldest first. */
  alarmLog(bearer: string, id: number): Promise<AlarmLog>;
  /** Who holds what: a page of people, or every department. */
  holders(
    bearer: string,
    by: 'person' | 'department',
    page: { limit: number; offset: number },
  ): Promise<BoardHolders>;
  /** Loans with the holder's contact masked per role: everyone's overdue ones, or one holder's. */
  loans(
    bearer: string,
    filter: { userId?: number; overdue?: boolean; limit: number; offset: number },
  ): Promise<BoardLoans>;
  /** Each kiosk station's activity since `since` (ISO). */
  stationActivity(bearer: string, since: string): Promise<StationActivity[]>;
  /** The latest custody events the caller may see, newest first. */
  recent(bearer: string, limit: number): Promise<CustodyEvent[]>;
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
    search: (bearer, q, limit = 50) => call('GET', `/search?q=${seg(q)}&limit=${limit}`, { bearer }),
    timeline: (bearer, itemId) => call('GET', `/items/${itemId}/timeline`, { bearer }),
    outbox: (bearer, { status, limit, offset }) =>
      call(
        'GET',
        `/notifications/outbox?${status ? `status=${encodeURIComponent(status)}&` : ''}limit=${limit}&offset=${offset}`,
        { bearer },
      ),
    retryNotice: (bearer, id) => call('POST', `/notifications/outbox/${id}/retry`, { bearer }, {}),
    devices: (bearer) => call('GET', '/dashboard/devices', { bearer }),
    cabinets: (bearer) => call('GET', '/dashboard/cabinets', { bearer }),
    acknowledgeAlarm: (bearer, id, note) => call('POST', `/alarms/${id}/acknowledge`, { bearer }, { note }),
    resolveAlarm: (bearer, id, cause, note) =>
      call('POST', `/alarms/${id}/resolve`, { bearer }, note.trim() === '' ? { cause } : { cause, note }),
    alarmLog: (bearer, id) => call('GET', `/alarms/${id}/log`, { bearer }),
    holders: (bearer, by, { limit, offset }) =>
      call('GET', `/dashboard/holders?by=${by}&limit=${limit}&offset=${offset}`, { bearer }),
    loans(bearer, { userId, overdue, limit, offset }) {
      const q = new URLSearchParams({ limit: String(limit), offset: String(offset) });
      if (userId !== undefined) q.set('userId', String(userId));
      if (overdue) q.set('overdue', 'true');
      return call('GET', `/dashboard/loans?${q.toString()}`, { bearer });
    },
    async stationActivity(bearer, since) {
      const q = new URLSearchParams({ since });
      return (
        await call<{ stations: StationActivity[] }>('GET', `/dashboard/stations?${q.toString()}`, { bearer })
      ).stations;
    },
    async recent(bearer, limit) {
      return (await call<{ events: CustodyEvent[] }>('GET', `/dashboard/recent?limit=${limit}`, { bearer }))
        .events;
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
