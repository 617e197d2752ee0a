// Where each item belongs, as the devices need it: its barcode and EPC, its state, and the codes of its
// shelf and that shelf's cabinet.
import type { ItemState } from '../domain/vocabulary.js';
import type { Queryable } from './db.js';

export interface ItemPlace {
  id: number;
  barcode: string;
  epc: string | null;
  state: ItemState;
  shelfCode: string | null;
  cabinetCode: string | null;
}

function placeQuery(q: Queryable) {
  return q('items as i')
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

export async function allItemPlaces(q: Queryable): Promise<ItemPlace[]> {
  return ((await placeQuery(q)) as Array<Record<string, unknown>>).map(toPlace);
}

export async function findItemPlace(q: Queryable, itemId: number): Promise<ItemPlace | null> {
  const row = (await placeQuery(q).where('i.id', itemId).first()) as Record<string, unknown> | undefined;
  return row ? toPlace(row) : null;
}
