// The demo's places: the company site, its estates (苑), buildings (栋), units (单元) and rooms, plus the
// archive room's cabinets (档案柜), shelves and the key cabinet (钥匙柜). Everything gets an explicit id.
import type { Random } from './random.js';

export const SITE = { id: 1, code: 'HYWY', name: '华远物业' } as const;

const ESTATE_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['HY', '华苑'],
  ['JY', '锦苑'],
  ['CY', '翠苑'],
  ['YY', '雅苑'],
  ['LY', '丽苑'],
  ['XY', '馨苑'],
  ['BY', '碧苑'],
  ['QY', '清苑'],
  ['MY', '美苑'],
  ['DY', '东苑'],
  ['NY', '南苑'],
  ['FY', '枫苑'],
];
const PHASE = ['', '', '二期', '三期', '四期', '五期', '六期', '七期', '八期', '九期'];

export const HOUSEHOLDS_PER_ESTATE = 5000;
export const UNITS_PER_BUILDING = 2;
export const FLOORS = 25;
export const ROOMS_PER_FLOOR = 4;
const PER_BUILDING = UNITS_PER_BUILDING * FLOORS * ROOMS_PER_FLOOR;
/** The shop podium of each estate (商业街), a building of its own. */
export const SHOP_BUILDING = 'S';

export interface EstateRow {
  id: number;
  site_id: number;
  code: string;
  name: string;
}
export interface BuildingRow {
  id: number;
  estate_id: number;
  code: string;
  name: string;
}
export interface UnitRow {
  id: number;
  building_id: number;
  code: string;
  name: string;
}
export interface PropertyRow {
  id: number;
  unit_id: number;
  room: string;
  usage: string;
  area_m2: number;
}

/** A property with the names its dossier number and title are made of. */
export interface PlannedProperty {
  row: PropertyRow;
  estateId: number;
  estate: { code: string; name: string };
  building: string;
  unit: string;
  shop: boolean;
  /** e.g. 华苑3栋2单元1502室 or 华苑商业街S105 */
  label: string;
}

export interface Layout {
  estates: EstateRow[];
  buildings: BuildingRow[];
  units: UnitRow[];
  /** Homes first (one per household, in archive-number order), then shops. */
  properties: PlannedProperty[];
  homes: PlannedProperty[];
  shops: PlannedProperty[];
}

function estateNames(i: number): { code: string; name: string } {
  const [code, name] = ESTATE_NAMES[i % ESTATE_NAMES.length] as readonly [string, string];
  const phase = Math.floor(i / ESTATE_NAMES.length) + 1;
  return phase === 1
    ? { code, name }
    : { code: `${code}${phase}`, name: `${name}${PHASE[phase] ?? `${phase}期`}` };
}

/** `households` homes in 200-home buildings (2 units × 25 floors × 4 rooms), 5,000 per estate; 1 shop per 100. */
export function planLayout(households: number, rng: Random): Layout {
  const layout: Layout = { estates: [], buildings: [], units: [], properties: [], homes: [], shops: [] };
  const estateCount = Math.max(1, Math.ceil(households / HOUSEHOLDS_PER_ESTATE));
  let left = households;
  const addUnit = (buildingId: number, code: string, name: string) => {
    const unit = { id: layout.units.length + 1, building_id: buildingId, code, name };
    layout.units.push(unit);
    return unit;
  };
  const addBuilding = (estateId: number, code: string, name: string) => {
    const building = { id: layout.buildings.length + 1, estate_id: estateId, code, name };
    layout.buildings.push(building);
    return building;
  };
  const addProperty = (p: Omit<PlannedProperty, 'row'>, unitId: number, room: string, area: number) => {
    const row = {
      id: layout.properties.length + 1,
      unit_id: unitId,
      room,
      usage: p.shop ? 'commercial' : 'residential',
      area_m2: area,
    };
    const planned = { ...p, row };
    layout.properties.push(planned);
    (p.shop ? layout.shops : layout.homes).push(planned);
  };
  const shopsLater: Array<() => void> = [];
  for (let e = 0; e < estateCount; e++) {
    const estate = { ...estateNames(e) };
    const estateRow = { id: e + 1, site_id: SITE.id, ...estate };
    layout.estates.push(estateRow);
    const homes = Math.min(left, Math.ceil(left / (estateCount - e)));
    left -= homes;
    for (let b = 0; b * PER_BUILDING < homes; b++) {
      const building = addBuilding(estateRow.id, String(b + 1), `${b + 1}栋`);
      for (let u = 1; u <= UNITS_PER_BUILDING; u++) {
        const unit = addUnit(building.id, String(u), `${u}单元`);
        for (let f = 1; f <= FLOORS; f++) {
          for (let r = 1; r <= ROOMS_PER_FLOOR; r++) {
            const index =
              b * PER_BUILDING + (u - 1) * FLOORS * ROOMS_PER_FLOOR + (f - 1) * ROOMS_PER_FLOOR + r - 1;
            if (index >= homes) continue;
            const room = `${f}${String(r).padStart(2, '0')}`;
            const base = r === 1 || r === ROOMS_PER_FLOOR ? 118 : 89;
            const area = Math.round((base + rng.next() * 24 - 12) * 100) / 100;
            const label = `${estate.name}${building.code}栋${u}单元${room}室`;
            addProperty(
              {
                estateId: estateRow.id,
                estate,
                building: building.code,
                unit: unit.code,
                shop: false,
                label,
              },
              unit.id,
              room,
              area,
            );
          }
        }
      }
    }
    const shopCount = Math.max(1, Math.ceil(homes / 100));
    shopsLater.push(() => {
      const building = addBuilding(estateRow.id, SHOP_BUILDING, '商业街');
      const unit = addUnit(building.id, '1', '1单元');
      for (let s = 0; s < shopCount; s++) {
        const room = `${1 + Math.floor(s / 30)}${String((s % 30) + 1).padStart(2, '0')}`;
        const area = Math.round((40 + rng.next() * 120) * 100) / 100;
        const label = `${estate.name}商业街${room}号商铺`;
        addProperty(
          { estateId: estateRow.id, estate, building: SHOP_BUILDING, unit: '1', shop: true, label },
          unit.id,
          room,
          area,
        );
      }
    });
  }
  for (const add of shopsLater) add();
  return layout;
}

export interface LocationRow {
  id: number;
  parent_id: number | null;
  kind: 'room' | 'cabinet' | 'shelf' | 'position';
  code: string;
  name: string;
  capacity: number | null;
}

export const SHELVES_PER_CABINET = 5;
export const SHELF_CAPACITY = 40;
/** Shelves are filled to 85 %, so each keeps room for the folders its range will still receive. */
export const SHELF_FILL = 34;
export const CABINETS_PER_ROOM = 99;
export const HOOKS_PER_KEY_CABINET = 60;

export interface LocationPlan {
  rows: LocationRow[];
  /** Archive shelves in filing order. */
  shelves: LocationRow[];
  /** Key hooks in order (capacity 1 each). */
  hooks: LocationRow[];
  cabinets: LocationRow[];
}

/** Enough cabinets for `shelfItems` at SHELF_FILL per shelf, and key hooks for `keys`. */
export function planLocations(shelfItems: number, keys: number): LocationPlan {
  const rows: LocationRow[] = [];
  const add = (r: Omit<LocationRow, 'id'>) => {
    const row = { id: rows.length + 1, ...r };
    rows.push(row);
    return row;
  };
  const cabinetCount = cabinetCountFor(shelfItems);
  const roomCount = Math.ceil(cabinetCount / CABINETS_PER_ROOM);
  const width = Math.max(2, String(Math.min(cabinetCount, CABINETS_PER_ROOM)).length);
  const plan: LocationPlan = { rows, shelves: [], hooks: [], cabinets: [] };
  const rooms: LocationRow[] = [];
  for (let r = 1; r <= roomCount; r++) {
    rooms.push(
      add({
        parent_id: null,
        kind: 'room',
        code: `R${r}`,
        name: roomCount === 1 ? '档案室' : `档案室${r}`,
        capacity: null,
      }),
    );
  }
  for (let c = 0; c < cabinetCount; c++) {
    const room = rooms[Math.floor(c / CABINETS_PER_ROOM)] as LocationRow;
    const no = String((c % CABINETS_PER_ROOM) + 1).padStart(width, '0');
    const cabinet = add({
      parent_id: room.id,
      kind: 'cabinet',
      code: `${room.code}-C${no}`,
      // Named as the cabinets are signed in the room; the code is printed on the label.
      name: `${(c % CABINETS_PER_ROOM) + 1}号档案柜`,
      capacity: null,
    });
    plan.cabinets.push(cabinet);
    for (let s = 1; s <= SHELVES_PER_CABINET; s++) {
      plan.shelves.push(
        add({
          parent_id: cabinet.id,
          kind: 'shelf',
          code: `${cabinet.code}-S${s}`,
          name: `第${s}层`,
          capacity: SHELF_CAPACITY,
        }),
      );
    }
  }
  const first = rooms[0] as LocationRow;
  const keyCabinets = Math.max(1, Math.ceil(keys / HOOKS_PER_KEY_CABINET));
  for (let k = 1; k <= keyCabinets; k++) {
    const code = `${first.code}-K${String(k).padStart(2, '0')}`;
    const cabinet = add({
      parent_id: first.id,
      kind: 'cabinet',
      code,
      name: `钥匙柜 ${code}`,
      capacity: null,
    });
    for (let h = 1; h <= HOOKS_PER_KEY_CABINET; h++) {
      const hook = `${code}-P${String(h).padStart(2, '0')}`;
      plan.hooks.push(
        add({ parent_id: cabinet.id, kind: 'position', code: hook, name: `${code} ${h}号钩`, capacity: 1 }),
      );
    }
  }
  return plan;
}

export function cabinetCountFor(shelfItems: number): number {
  return Math.max(1, Math.ceil(shelfItems / (SHELF_FILL * SHELVES_PER_CABINET)));
}
