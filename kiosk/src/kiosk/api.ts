// The door kiosk's calls to /api/v1, over the shared client (shared/api): which endpoint, which credential.
import { createCall, seg } from '../shared/api/client';
import type {
  CirculationResult,
  Holdings,
  Inspection,
  ItemView,
  SignedIn,
  StationInfo,
  Summary,
} from '../shared/api/types';

export interface KioskApi {
  login(username: string, password: string): Promise<SignedIn>;
  logout(bearer: string): Promise<void>;
  stations(bearer: string): Promise<StationInfo[]>;
  pair(bearer: string, stationId: string): Promise<{ token: string; station: StationInfo }>;
  summary(stationToken: string, stationId: string): Promise<Summary>;
  /** Badge + PIN, sent with the screen's station token: the session is tied to that station. */
  badge(badge: string, pin: string, stationToken: string): Promise<SignedIn>;
  item(bearer: string, barcode: string): Promise<ItemView>;
  /** The custody log records the station of the operator's session; the request does not name one. */
  checkOut(bearer: string, items: string[], purpose: string): Promise<CirculationResult[]>;
  checkIn(
    bearer: string,
    item: string,
    inspection: Inspection,
    note: string | undefined,
  ): Promise<CirculationResult>;
  /** The operator's own loans (a page of them; `total` counts all). */
  holdings(bearer: string): Promise<Holdings>;
  /** Everyone's loans, soonest due first, a page at a time (roles with holdings.read_all). */
  allHoldings(bearer: string, page: { limit: number; offset: number }): Promise<Holdings>;
}

export function createApi(fetchImpl: typeof fetch, base = '/api/v1'): KioskApi {
  const call = createCall(fetchImpl, base);
  return {
    login: (username, password) => call('POST', '/auth/login', null, { username, password }),
    async logout(bearer) {
      await call('POST', '/auth/logout', { bearer }, {});
    },
    async stations(bearer) {
      const r = await call<{ stations: StationInfo[] } | StationInfo[]>('GET', '/stations', { bearer });
      return Array.isArray(r) ? r : r.stations;
    },
    pair: (bearer, stationId) => call('POST', `/stations/${seg(stationId)}/pair`, { bearer }, {}),
    summary: (token, stationId) => call('GET', `/stations/${seg(stationId)}/summary`, { station: token }),
    badge: (badge, pin, stationToken) =>
      call('POST', '/auth/badge', { station: stationToken }, { badge, pin }),
    item: (bearer, barcode) => call('GET', `/items/${seg(barcode)}`, { bearer }),
    async checkOut(bearer, items, purpose) {
      const r = await call<{ results: CirculationResult[] }>(
        'POST',
        '/circulation/check-out',
        { bearer },
        { items, purpose },
      );
      return r.results;
    },
    checkIn: (bearer, item, inspection, note) =>
      call('POST', '/circulation/check-in', { bearer }, { item, inspection, ...(note ? { note } : {}) }),
    holdings: (bearer) => call('GET', '/holdings?limit=50', { bearer }),
    allHoldings: (bearer, { limit, offset }) =>
      call('GET', `/holdings/all?limit=${limit}&offset=${offset}`, { bearer }),
  };
}
