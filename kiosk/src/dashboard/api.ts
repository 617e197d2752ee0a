// The board's calls to /api/v1, over the shared client: which endpoint, with the person's bearer token.
import { createCall } from '../shared/api/client';
import type { CustodyEvent } from '../shared/api/events';
import type {
  AlarmView,
  BoardHolders,
  BoardLoans,
  BoardSummary,
  Holdings,
  Me,
  SignedIn,
  StationActivity,
} from '../shared/api/types';

export interface DashboardApi {
  login(username: string, password: string): Promise<SignedIn>;
  logout(bearer: string): Promise<void>;
  me(bearer: string): Promise<Me>;
  summary(bearer: string): Promise<BoardSummary>;
  /** Everyone's overdue loans, soonest due first, a page at a time. */
  overdue(bearer: string, page: { limit: number; offset: number }): Promise<Holdings>;
  openAlarms(bearer: string): Promise<AlarmView[]>;
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
  };
}
