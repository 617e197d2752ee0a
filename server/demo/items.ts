// The physical items: folders (F…) and boxes (B…) filed shelf by shelf in archive-number order, and keys
// (K…) on the key cabinet's hooks. Barcode ids are sequential per kind; each carries its GIAI-96 EPC.
import { DEMO_COMPANY_PREFIX, itemIdToEpc } from '../../hardware/epc/mapping.js';
import { formatItemId, type ItemLetter } from '../../hardware/epc/item-id.js';
import type { FolderGroup, ItemKind, ItemState } from '../domain/vocabulary.js';
import type { VolumeSpec } from './dossier-plan.js';
import { SHELF_FILL, type LocationPlan, type LocationRow, type UnitRow } from './places.js';

export interface ItemRow {
  id: number;
  barcode: string;
  epc: string | null;
  kind: ItemKind;
  dossier_id: number | null;
  folder_group: FolderGroup | null;
  volume_no: number;
  title: string;
  state: ItemState;
  location_id: number;
  holder_user_id: number | null;
  out_at: string | null;
  due_at: string | null;
  out_purpose: string | null;
  version: number;
  created_at: string;
}

export interface KeySpec {
  title: string;
  /** A floor key lent to engineering, as opposed to an archive cabinet key. */
  floorKey: boolean;
}

/** One key per archive cabinet and one floor key per residential unit (楼层钥匙). */
export function planKeys(
  cabinets: readonly LocationRow[],
  units: ReadonlyArray<UnitRow & { label: string }>,
): KeySpec[] {
  return [
    ...cabinets.map((c) => ({ title: `${c.name} 钥匙`, floorKey: false })),
    ...units.map((u) => ({ title: `${u.label} 楼层钥匙`, floorKey: true })),
  ];
}

export interface ItemsPlan {
  items: ItemRow[];
  /** Indexes into items of floor keys. */
  floorKeys: number[];
}

/**
 * Files the volumes onto the shelves in order, SHELF_FILL per shelf (never above a shelf's capacity), and
 * hangs the keys one per hook. Item ids run 1..n in that order.
 */
export function planItems(
  volumes: readonly VolumeSpec[],
  keys: readonly KeySpec[],
  locations: LocationPlan,
  opts: { createdAt: string; epcCompanyPrefix?: string | null },
): ItemsPlan {
  const prefix = opts.epcCompanyPrefix === undefined ? DEMO_COMPANY_PREFIX : opts.epcCompanyPrefix;
  const counters: Record<ItemLetter, number> = { F: 0, B: 0, K: 0, S: 0, C: 0, U: 0 };
  const items: ItemRow[] = [];
  const floorKeys: number[] = [];
  const add = (
    letter: 'F' | 'B' | 'K',
    location: LocationRow,
    fields: Pick<ItemRow, 'kind' | 'dossier_id' | 'folder_group' | 'volume_no' | 'title'>,
  ) => {
    counters[letter] += 1;
    const barcode = formatItemId(letter, counters[letter]);
    items.push({
      id: items.length + 1,
      barcode,
      epc: prefix ? itemIdToEpc(barcode, { companyPrefix: prefix }) : null,
      ...fields,
      state: 'in_place',
      location_id: location.id,
      holder_user_id: null,
      out_at: null,
      due_at: null,
      out_purpose: null,
      version: 0,
      created_at: opts.createdAt,
    });
  };
  const fill = Math.min(SHELF_FILL, ...locations.shelves.map((s) => s.capacity ?? SHELF_FILL));
  volumes.forEach((v, i) => {
    const shelf = locations.shelves[Math.floor(i / fill)];
    if (!shelf) throw new Error(`demo: no shelf left for volume ${i + 1} of ${volumes.length}`);
    add(v.kind === 'box' ? 'B' : 'F', shelf, {
      kind: v.kind,
      dossier_id: v.dossierId,
      folder_group: v.group,
      volume_no: v.volume,
      title: v.title,
    });
  });
  keys.forEach((k, i) => {
    const hook = locations.hooks[i];
    if (!hook) throw new Error(`demo: no hook left for key ${i + 1} of ${keys.length}`);
    if (k.floorKey) floorKeys.push(items.length);
    add('K', hook, { kind: 'key', dossier_id: null, folder_group: null, volume_no: 1, title: k.title });
  });
  return { items, floorKeys };
}
