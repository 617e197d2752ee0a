// The board's calls to /api/v1, over the shared client: which endpoint, with the person's bearer token.
import { createCall } from '../shared/api/client';
import type { AlarmView, BoardSummary, Holdings, Me, SignedIn } from '../shared/api/types';

export interface DashboardApi {
  login(username: string, password: string): Promise<SignedIn>;
  logout(bearer: string): Promise<void>;
  me(bearer: string): Promise<Me>;
  summary(bearer: string): Promise<BoardSummary>;
  /** Everyone's overdue loans, soonest due first, a page at a time. */
  overdue(bearer: string, page: { limit: number; offset: number }): Promise<Holdings>;
  openAlarms(bearer: string): Promise<AlarmView[]>;
  /** Takes an alarm on with a note (it stops escalating). */
  acknowledgeAlarm(bearer: string, id: number, note: string): Promise<AlarmView>;
  /** Closes an alarm with what was found (returned, explained, lost, false_read) and an optional note. */
  resolveAlarm(bearer: string, id: number, cause: string, note: string): Promise<AlarmView>;
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
    acknowledgeAlarm: (bearer, id, note) => call('POST', `/alarms/${id}/acknowledge`, { bearer }, { note }),
    resolveAlarm: (bearer, id, cause, note) =>
      call('POST', `/alarms/${id}/resolve`, { bearer }, note.trim() === '' ? { cause } : { cause, note }),
  };
}
