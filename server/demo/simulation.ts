// The demo's archive room: simulated RFID cabinet readers (Chafon UHFReader288), a door gate (R2000) and a
// door scanner, all speaking their real byte protocols over in-process cables, plus a little activity:
// folders are taken and checked out at the door, come back and are checked in by the cabinet, now and then
// one leaves without a check-out (an alarm) or passes the gate. A newcomer sees folders come and go at once.
import type { Knex } from 'knex';
import {
  BarcodeScannerSim,
  ChafonSimulator,
  R2000Simulator,
  GateSimulator,
  SimBus,
  validateDeviceConfigs,
  type DeviceConfig,
  type PortManagerOptions,
} from '../../hardware/index.js';
import { can, type Actor } from '../domain/access.js';
import type { Logger } from '../logger.js';
import type { CirculationService } from '../services/circulation.js';
import type { Database } from '../store/db.js';
import { findItem } from '../store/items.js';
import { actorOf } from '../store/users.js';
import { recordOf } from '../services/items.js';

export interface DemoHardwareOptions {
  /** How many cabinets get an RFID reader. */
  cabinets?: number;
  stationId?: string;
  /** Time between simulated events. */
  intervalMs?: number;
  /** Seconds before an unauthorised removal is alarmed (so a stray folder comes back after it). */
  removalGraceSeconds: number;
  random?: () => number;
}

interface SimShelf {
  code: string;
  reader: ChafonSimulator;
  antenna: number;
}

export interface DemoHardware {
  devices: DeviceConfig[];
  ports: Pick<PortManagerOptions, 'factory' | 'lister' | 'pathExists'>;
  /** "Someone scans `code` on the door scanner": the real bytes go down its simulated serial line. */
  scan(code: string): void;
  /** "Someone carries the folder through the door gate": its tag shows up on the gate reader's antennas. */
  passGate(epc: string): Promise<void>;
  /** Starts the simulated activity. */
  start(deps: { circulation: CirculationService; logger: Logger }): void;
  stop(): void;
}

/** Folders in place on the given shelves; `levelC` keeps only those any staff member may borrow. */
async function inPlaceOn(knex: Knex, shelves: string[], levelC = true) {
  const q = knex('items as i')
    .join('locations as s', 's.id', 'i.location_id')
    .leftJoin('dossiers as d', 'd.id', 'i.dossier_id')
    .whereIn('s.code', shelves)
    .where({ 'i.state': 'in_place', 'i.kind': 'folder' })
    .whereNotNull('i.epc')
    .select('i.barcode', 'i.epc', 's.code as shelf');
  if (levelC) q.where((w) => w.whereNull('d.confidentiality').orWhere('d.confidentiality', 'C'));
  return (await q) as Array<{ barcode: string; epc: string; shelf: string }>;
}

async function outFrom(knex: Knex, shelves: string[]) {
  return (await knex('items as i')
    .join('locations as s', 's.id', 'i.location_id')
    .whereIn('s.code', shelves)
    .where({ 'i.state': 'out' })
    .whereNotNull('i.epc')
    .select('i.barcode', 'i.epc', 's.code as shelf')) as Array<{
    barcode: string;
    epc: string;
    shelf: string;
  }>;
}

export async function createDemoHardware(db: Database, o: DemoHardwareOptions): Promise<DemoHardware> {
  const knex = db.knex;
  const random = o.random ?? Math.random;
  const stationId = o.stationId ?? 'kiosk-1';
  const pick = <T>(list: T[]): T | undefined => list[Math.floor(random() * list.length)];
  const cabinets = (await knex('locations')
    .where({ kind: 'cabinet' })
    .orderBy('code')
    .limit(o.cabinets ?? 3)
    .select('id', 'code')) as Array<{ id: number; code: string }>;

  const bus = new SimBus();
  const inputs: unknown[] = [];
  const shelves = new Map<string, SimShelf>();
  for (const cabinet of cabinets) {
    const codes = (
      (await knex('locations')
        .where({ parent_id: cabinet.id, kind: 'shelf' })
        .orderBy('code')
        .limit(8)
        .select('code')) as Array<{ code: string }>
    ).map((r) => r.code);
    const id = `cab-${cabinet.code}`;
    const reader = new ChafonSimulator({ family: 'uhfreader288', answerDelayMs: 20 });
    reader.attach(bus.plug(`sim://${id}`).device);
    codes.forEach((code, i) => shelves.set(code, { code, reader, antenna: i + 1 }));
    inputs.push({
      id,
      protocol: 'chafon',
      role: 'cabinet-reader',
      identity: { path: `sim://${id}` },
      framing: { baudRate: 57600 },
      binding: {
        cabinetId: cabinet.code,
        shelves: Object.fromEntries(codes.map((c, i) => [String(i + 1), c])),
      },
      chafon: { family: 'uhfreader288', antennas: codes.map((_, i) => i + 1), cyclePauseMs: 300 },
    });
  }
  const gateReader = new R2000Simulator({ answerDelayMs: 20 });
  gateReader.attach(bus.plug('sim://gate-1').device);
  inputs.push({
    id: 'gate-1',
    protocol: 'r2000',
    role: 'gate-reader',
    identity: { path: 'sim://gate-1' },
    framing: { baudRate: 115200 },
    binding: { stationId },
    r2000: { antennas: [1, 2], cyclePauseMs: 200 },
  });
  const doorScanner = new BarcodeScannerSim(bus.plug('sim://door-scanner').device, { suffix: 'CR' });
  inputs.push({
    id: 'door-scanner',
    protocol: 'barcode',
    role: 'kiosk-scanner',
    identity: { path: 'sim://door-scanner' },
    framing: { baudRate: 9600 },
    binding: { stationId },
  });

  const validated = validateDeviceConfigs(inputs);
  if (!validated.ok) throw new Error(`demo devices: ${validated.errors.join('; ')}`);

  // The cabinets hold what the database says is on their shelves.
  const shelfCodes = [...shelves.keys()];
  for (const item of await inPlaceOn(knex, shelfCodes, false)) {
    const shelf = shelves.get(item.shelf)!;
    shelf.reader.tags.add(shelf.antenna, item.epc);
  }
  const gate = new GateSimulator(gateReader, [1, 2]);
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    t.unref();
    timers.add(t);
  };
  let interval: NodeJS.Timeout | null = null;
  let strayOut = false;

  return {
    devices: validated.devices,
    ports: bus.portOptions(),
    scan: (code) => void doorScanner.scan(code),
    passGate: (epc) => gate.pass({ epcs: [epc], dwellMs: 800 }),
    start({ circulation, logger }) {
      // Staff and archivists as the access rules see them (their own estates), so a simulated person
      // takes only folders they may borrow.
      const borrowers = async (): Promise<Actor[]> => {
        const ids = (await knex('users').whereIn('role', ['staff', 'archivist']).pluck('id')) as number[];
        const actors = await Promise.all(ids.map((id) => actorOf(knex, id)));
        return actors.filter((a): a is Actor => a !== null);
      };
      const step = async () => {
        const roll = random();
        if (roll < 0.45) {
          // Someone takes a folder from its shelf and checks it out at the door a few seconds later.
          const item = pick(await inPlaceOn(knex, shelfCodes));
          const found = item && (await findItem(knex, { barcode: item.barcode }));
          const actor = pick(
            (await borrowers()).filter((a) => found && can(a, 'item.checkout.self', recordOf(found)).allowed),
          );
          if (!item || !actor) return;
          const shelf = shelves.get(item.shelf)!;
          shelf.reader.tags.remove(item.epc);
          later(4000, () => {
            void circulation
              .checkOut(
                { actor, station: stationId },
                { item: { barcode: item.barcode }, purpose: '业主查阅（演示）' },
              )
              .catch((e: unknown) => logger.warn({ err: e }, 'demo: check-out failed'));
          });
        } else if (roll < 0.85) {
          // A folder that is out comes back to its shelf; the cabinet checks it in.
          const item = pick(await outFrom(knex, shelfCodes));
          if (!item) return;
          const shelf = shelves.get(item.shelf)!;
          if (random() < 0.5) await gate.pass({ epcs: [item.epc], dwellMs: 800 });
          shelf.reader.tags.add(shelf.antenna, item.epc);
        } else if (!strayOut) {
          // Now and then a folder leaves without a check-out: an alarm after the grace period, then it is back.
          const item = pick(await inPlaceOn(knex, shelfCodes));
          if (!item) return;
          const shelf = shelves.get(item.shelf)!;
          strayOut = true;
          shelf.reader.tags.remove(item.epc);
          later((o.removalGraceSeconds + 30) * 1000, () => {
            shelf.reader.tags.add(shelf.antenna, item.epc);
            strayOut = false;
          });
        }
      };
      interval = setInterval(
        () => void step().catch((e: unknown) => logger.warn({ err: e }, 'demo: simulated step failed')),
        o.intervalMs ?? 12_000,
      );
      interval.unref();
    },
    stop() {
      if (interval) clearInterval(interval);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      gate.stop();
      bus.unplugAll();
    },
  };
}
