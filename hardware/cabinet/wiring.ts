// Glue between the device layer and the presence engine: cabinet layouts come from the cabinet-reader
// bindings in the device configuration, and tag/round events flow from any emitter (the hub, a driver).
import type { InventoryRoundEvent, TagRead } from '../common/types.js';
import type { DeviceConfig } from '../serial/config.js';
import type { CabinetLayout, PresenceEngine } from './presence.js';

export function cabinetLayouts(devices: readonly DeviceConfig[]): CabinetLayout[] {
  const out: CabinetLayout[] = [];
  for (const d of devices) {
    const b = d.binding;
    if (d.role === 'cabinet-reader' && b?.cabinetId && b.shelves) {
      out.push({ cabinetId: b.cabinetId, deviceId: d.id, shelves: b.shelves });
    }
  }
  return out;
}

interface RfidSource {
  on(event: 'tag', l: (r: TagRead) => void): unknown;
  on(event: 'round', l: (r: InventoryRoundEvent) => void): unknown;
  off(event: 'tag', l: (r: TagRead) => void): unknown;
  off(event: 'round', l: (r: InventoryRoundEvent) => void): unknown;
}

/** Feeds an engine from a source; returns a function that detaches it. */
export function attachPresence(s: RfidSource, engine: PresenceEngine): () => void {
  const onTag = (r: TagRead): void => engine.tagRead(r);
  const onRound = (r: InventoryRoundEvent): void => engine.roundEnd(r);
  s.on('tag', onTag);
  s.on('round', onRound);
  return () => {
    s.off('tag', onTag);
    s.off('round', onRound);
  };
}
