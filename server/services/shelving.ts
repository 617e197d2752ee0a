// Where an item may be put: a shelf or a position with room left. Run it inside a write transaction: the
// write lock is held from the transaction's start, so the count stays true until COMMIT and two writers
// cannot both take a shelf's last slot.
import type { Knex } from 'knex';
import { DanganError } from '../domain/errors.js';
import { countItemsAt } from '../store/items.js';
import { findLocationRef, type LocationRef } from '../store/locations.js';

/** The location if an item may go there now; `from` is where the item is (moving it there is refused). */
export async function shelfWithRoom(
  trx: Knex.Transaction,
  locationId: number,
  from: number | null = null,
): Promise<LocationRef> {
  const to = await findLocationRef(trx, locationId);
  if (!to) throw new DanganError('LOCATION_NOT_FOUND', { locationId });
  if (to.kind !== 'shelf' && to.kind !== 'position') {
    throw new DanganError('LOCATION_NOT_SHELVING', { kind: to.kind });
  }
  if (to.id === from) throw new DanganError('ITEM_SAME_LOCATION', { locationId: to.id });
  if (to.capacity !== null && (await countItemsAt(trx, to.id)) >= to.capacity) {
    throw new DanganError('LOCATION_FULL', { locationId: to.id, capacity: to.capacity });
  }
  return to;
}
