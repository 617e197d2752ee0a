// The event map every RFID driver emits, whatever the protocol.
import type { InventoryRoundEvent, ReaderErrorEvent, TagRead } from '../common/types.js';

export interface RfidDriverEvents {
  tag: [TagRead];
  round: [InventoryRoundEvent];
  readerError: [ReaderErrorEvent];
}
