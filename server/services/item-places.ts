// What the devices need to know about items, in memory: EPC -> item, and where each item belongs (its
// cabinet and shelf codes). Loaded once at start; an item is reloaded whenever a custody entry touches it.
import type { Knex } from 'knex';
import { epcToItemId, type EpcMappingConfig } from '../../hardware/index.js';
import type { ItemState } from '../domain/vocabulary.js';

export interface ItemPlace {
  id: number;
  barcode: string;
  epc: string | null;
  state: ItemState;
  shelfCode: string | null;
  cabinetCode: string | null;
}

function rowsQuery(knex: Knex) {
  return knex('items as i')
    .leftJoin('locations as s', 's.id', 'i.location_id')
    .leftJoin('locations as c', 'c.id', 's.parent_id')
    .select(
      'i.id',
      'i.barcode',
      'i.epc',
      'i.state',
      's.code as shelf_code',
      's.kind as shelf_kind',
      'c.code as cabinet_code',
    );
}

function toPlace(r: Record<string, unknown>): ItemPlace {
  const onShelf = r.shelf_kind === 'shelf';
  return {
    id: r.id as number,
    barcode: r.barcode as string,
    epc: (r.epc as string | null) ?? null,
    state: r.state as ItemState,
    shelfCode: onShelf ? (r.shelf_code as string) : null,
    cabinetCode: onShelf ? ((r.cabinet_code as string | null) ?? null) : null,
  };
}

export class ItemPlaces {
  private readonly byBarcode = new Map<string, ItemPlace>();
  private readonly byEpc = new Map<string, ItemPlace>();

  constructor(
    private readonly knex: Knex,
    private readonly epcMapping: EpcMappingConfig,
  ) {}

  async load(): Promise<void> {
    const rows = (await rowsQuery(this.knex)) as Array<Record<string, unknown>>;
    for (const r of rows) this.put(toPlace(r));
  }

  async reload(itemId: number): Promise<ItemPlace | null> {
    const row = (await rowsQuery(this.knex).where('i.id', itemId).first()) as
      Record<string, unknown> | undefined;
    if (!row) return null;
    const place = toPlace(row);
    this.put(place);
    return place;
  }

  private put(place: ItemPlace): void {
    const previous = this.byBarcode.get(place.barcode);
    if (previous?.epc) this.byEpc.delete(previous.epc);
    this.byBarcode.set(place.barcode, place);
    if (place.epc) this.byEpc.set(place.epc, place);
  }

  get(barcode: string): ItemPlace | undefined {
    return this.byBarcode.get(barcode);
  }

  /** The item a tag belongs to: the EPC stored on the item, else the barcode the EPC encodes. */
  resolveEpc(epc: string): ItemPlace | undefined {
    const stored = this.byEpc.get(epc);
    if (stored) return stored;
    const barcode = epcToItemId(epc, this.epcMapping);
    return barcode ? this.byBarcode.get(barcode) : undefined;
  }

  /** Items that should be on the given shelves now (to seed the presence engine quietly). */
  inPlaceOn(shelfCodes: ReadonlySet<string>): ItemPlace[] {
    return [...this.byBarcode.values()].filter(
      (p) => p.state === 'in_place' && p.shelfCode && shelfCodes.has(p.shelfCode),
    );
  }
}
