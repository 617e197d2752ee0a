// The kiosk's calls to /api/v1 and the shapes it reads. The station token and the operator's bearer token are
// sent as headers; cookies are neither sent nor stored (`credentials: 'omit'`): a door screen holds its
// operator's session in memory only, so closing or reloading the page ends it on this side.

export type Lang = 'zh-CN' | 'en';
export interface Bilingual {
  zh: string;
  en: string;
}

export interface StationInfo {
  id: string;
  name: string;
  room?: string | null;
}

export interface Summary {
  station: StationInfo;
  demo: boolean;
  counts: { inPlace: number; out: number; overdue: number; missing: number };
  openAlarms: number;
}

export interface Me {
  userId: number;
  username: string;
  displayName: string;
  role: string;
  station: string | null;
  expiresAt: string;
}

export interface ItemView {
  id: number;
  barcode: string;
  kind: string;
  title: string;
  folderGroup: string | null;
  volumeNo: number;
  state: string;
  stateLabel: Bilingual;
  location: { id: number; code: string | null } | null;
  holder: { userId: number; name: string | null } | null;
  dueAt: string | null;
  /** For a folder in place: when it would be due if checked out now. */
  dueIfCheckedOut?: string | null;
  overdue: boolean;
  purpose: string | null;
  dossier: { id: number; archiveNo: string | null; kind: string | null; confidentiality: string } | null;
  property: { ref: string; name: string | null } | null;
  /** The owner's name as this person may see it (masked), or null. */
  owner?: string | null;
}

export interface CirculationResult {
  item: ItemView;
  entry: { seq: number; at: string; action: string };
}

export interface CustodyEvent {
  seq: number;
  at: string;
  action: string;
  station: string | null;
  toState: string;
  toStateLabel: Bilingual;
  holder: { userId: number; name: string } | null;
  actor?: { userId: number; name: string } | null;
  toLocation?: string | null;
  item: {
    barcode: string;
    title: string;
    folderGroup: string | null;
    archiveNo: string | null;
    propertyName: string | null;
  };
}

export interface AlarmEvent {
  id: number;
  raisedAt: string;
  kind: string;
  label?: Bilingual;
  barcode: string | null;
  archiveNo: string | null;
  place: string | null;
  resolvedAt: string | null;
}

export interface ScanEvent {
  deviceId: string;
  code: string;
  symbology: string | null;
  at: string;
}

export type Inspection = 'intact' | 'damaged' | 'pages_missing';

/** A refusal or failure, with the server's stable code and its message in both languages. */
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

export type Credential = { station: string } | { bearer: string } | null;

export interface KioskApi {
  login(username: string, password: string): Promise<{ token: string; me: Me }>;
  logout(bearer: string): Promise<void>;
  stations(bearer: string): Promise<StationInfo[]>;
  pair(bearer: string, stationId: string): Promise<{ token: string; station: StationInfo }>;
  summary(stationToken: string, stationId: string): Promise<Summary>;
  /** Badge + PIN, sent with the screen's station token: the session is tied to that station. */
  badge(badge: string, pin: string, stationToken: string): Promise<{ token: string; me: Me }>;
  item(bearer: string, barcode: string): Promise<ItemView>;
  /** The custody log records the station of the operator's session; the request does not name one. */
  checkOut(bearer: string, items: string[], purpose: string): Promise<CirculationResult[]>;
  checkIn(
    bearer: string,
    item: string,
    inspection: Inspection,
    note: string | undefined,
  ): Promise<CirculationResult>;
  holdings(bearer: string): Promise<{ total: number; items: ItemView[] }>;
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

export function createApi(fetchImpl: typeof fetch, base = '/api/v1'): KioskApi {
  async function call<T>(method: string, path: string, credential: Credential, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (credential && 'station' in credential) headers.authorization = `Station ${credential.station}`;
    if (credential && 'bearer' in credential) headers.authorization = `Bearer ${credential.bearer}`;
    let res: Response;
    try {
      res = await fetchImpl(`${base}${path}`, {
        method,
        headers,
        credentials: 'omit',
        cache: 'no-store',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new ApiError('NETWORK', 0, NETWORK_MESSAGES);
    }
    const text = await res.text().catch(() => '');
    const json = parseJson(text);
    if (!res.ok) {
      const e = (json ?? {}) as {
        code?: string;
        message?: string;
        messages?: { 'zh-CN'?: string; en?: string };
        details?: unknown;
      };
      if (typeof e.code !== 'string') {
        // Not our server answering (a proxy's error page, a gateway timeout): treat as unreachable.
        throw new ApiError(
          res.status >= 500 ? 'NETWORK' : 'HTTP_' + res.status,
          res.status,
          NETWORK_MESSAGES,
        );
      }
      const fallback = e.message ?? e.code;
      throw new ApiError(
        e.code,
        res.status,
        { 'zh-CN': e.messages?.['zh-CN'] ?? fallback, en: e.messages?.en ?? fallback },
        e.details,
      );
    }
    return json as T;
  }

  const seg = (s: string) => encodeURIComponent(s);
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
  };
}
