// Each kiosk station's activity (GET /dashboard/stations): paired, online, today's check-outs and check-ins
// and its last event, reloaded when custody events arrive. "Today" is since local midnight at this screen.
import { signal } from '@preact/signals';
import type { StationActivity } from '../../shared/api/types';

/** Local midnight of the day `now` falls in, as an ISO instant. */
export function startOfDay(now: number): string {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

export class StationsState {
  readonly rows = signal<StationActivity[] | null>(null);
}
