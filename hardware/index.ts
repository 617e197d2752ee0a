// Public surface of the hardware layer: what server/ and the demo import. Internals stay importable by
// path for tests, but anything used from outside should be listed here.
export type {
  Clock,
  ScanEvent,
  TagRead,
  ReaderErrorEvent,
  InventoryRoundEvent,
  AimSymbology,
} from './common/types.js';
export { systemClock } from './common/types.js';
export type { HardwareLogger } from './common/logger.js';
export { silentLogger } from './common/logger.js';

export { HardwareHub } from './hub.js';
export type { HubEvents, DeviceHandler } from './hub.js';
export { validateDeviceConfigs, parseDeviceConfig, PROTOCOLS, ROLES } from './serial/config.js';
export type { DeviceConfig, DeviceConfigInput, Protocol, Role, ValidationResult } from './serial/config.js';
export type { DeviceStatus, DeviceState } from './serial/managed-port.js';
export { PortManager } from './serial/port-manager.js';
export type { PortManagerOptions } from './serial/port-manager.js';
export { serialPortFactory, streamPortFactory, StreamPort } from './serial/port.js';
export type { PortFactory, PortLike } from './serial/port.js';

export { BarcodeScanner } from './barcode/scanner.js';
export { R2000Driver } from './rfid/r2000/driver.js';
export { ChafonDriver } from './rfid/chafon/driver.js';

export { PresenceEngine } from './cabinet/presence.js';
export type { PresenceEvent, CabinetLayout, ExpectedLocation, ShelfLocation } from './cabinet/presence.js';
export { attachPresence, cabinetLayouts } from './cabinet/wiring.js';

export {
  itemIdToEpc,
  epcToItemId,
  itemIdToGiaiElement,
  scannedCodeToItemId,
  DEMO_COMPANY_PREFIX,
} from './epc/mapping.js';
export type { EpcMappingConfig } from './epc/mapping.js';
export { parseItemId, formatItemId, ITEM_KINDS } from './epc/item-id.js';
export type { ItemId, ItemKind, ItemLetter } from './epc/item-id.js';
export { encodeGiai96, decodeGiai96, EpcError } from './epc/giai96.js';

export { SimBus } from './sim/sim-bus.js';
export { BarcodeScannerSim, encodeScan } from './sim/barcode-sim.js';
export { R2000Simulator } from './sim/r2000-sim.js';
export { ChafonSimulator } from './sim/chafon-sim.js';
export { GateSimulator } from './sim/gate-sim.js';
export { startPtyPair, openSimPort, closeSimPort } from './sim/pty.js';
