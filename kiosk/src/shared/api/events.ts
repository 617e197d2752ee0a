// What the server pushes over socket.io, typed from the server's own declarations where it has them.
import type { Alarm } from '../../../../server/domain/alarms';
import type { CustodyEvent as ServerCustodyEvent } from '../../../../server/realtime/feed';
import type { DeviceHealth } from '../../../../server/services/device-health';

/** A custody-log entry as the screens see it (server/realtime/feed.ts), with its gapless `seq`. */
export type CustodyEvent = ServerCustodyEvent;

/** An alarm raised or resolved (server/domain/alarms.ts; the channel sends the record as it is). */
export type AlarmEvent = Alarm;

/**
 * A code read by a serial scanner bound to the station. The server builds this object inline in
 * server/realtime/channel.ts (no schema or exported type there), so this is its one declaration here.
 */
export interface ScanEvent {
  deviceId: string;
  code: string;
  symbology: string | null;
  at: string;
}

/** A device's health changed (server/services/device-health.ts; at most about once a second per device). */
export type DeviceEvent = DeviceHealth;

/** What a cabinet holds or its reader sees changed; `cabinetId` null when several did. */
export interface CabinetEvent {
  cabinetId: string | null;
  at: string;
}
