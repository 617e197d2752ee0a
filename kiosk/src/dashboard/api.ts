// The board's calls to /api/v1, over the shared client: which endpoint, with the person's bearer token.
import { createCall } from '../shared/api/client';
import type {
  AlarmView,
  BoardSummary,
  CabinetMap,
  DeviceHealthList,
  Holdings,
  Me,
  SignedIn,
} from '../shared/api/types';

export interface DashboardApi {
  login(username: string, password: string): Promise<SignedIn>;
  logout(bearer: string): Promise<void>;
  me(bearer: string): Promise<Me>;
  summary(bearer: string): Promise<BoardSummary>;
  /** Everyone's overdue loans, soonest due first, a page at a time. */
  overdue(bearer: string, page: { limit: number; offset: number }): Promise<Holdings>;
  openAlarms(bearer: string): Promise<AlarmView[]>;
  /** Every scanner, reader, gate and printer, the ones needing a look first. */
  devices(bearer: string): Promise<DeviceHealthList>;
  /** The cabinet map: shelves, fill against capacity, what the readers see. */
  cabinets(bearer: string): Promise<CabinetMap>;
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
    devices: (bearer) => call('GET', '/dashboard/devices', { bearer }),
    cabinets: (bearer) => call('GET', '/dashboard/cabinets', { bearer }),
  };
}
