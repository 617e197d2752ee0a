// Read side for items: one item, its custody history, and who holds what. Access is checked per record.
import { assertCan, can, type Actor } from '../domain/access.js';
import { dueDate, isOverdue } from '../domain/custody.js';
import type { Config } from '../config.js';
import { DanganError } from '../domain/errors.js';
import type { CustodyEntry } from '../domain/ledger.js';
import type { Clock } from '../providers.js';
import { itemHistory } from '../store/custody-log.js';
import type { Database } from '../store/db.js';
import { findItem, itemsOut, type ItemKey, type ItemRecord } from '../store/items.js';

export interface ItemsDeps {
  db: Database;
  clock: Clock;
  policy: Config['policy'];
}

export const recordOf = (item: ItemRecord) => ({
  estateId: item.estateId,
  departmentId: item.departmentId,
  confidentiality: item.confidentiality,
  dossierKind: item.dossierKind,
  holderUserId: item.holderUserId,
});

export interface HoldingsFilter {
  userId?: number;
  overdueOnly?: boolean;
  limit: number;
  offset: number;
}

export function createItemsService({ db, clock, policy }: ItemsDeps) {
  async function load(actor: Actor, key: ItemKey): Promise<ItemRecord> {
    const item = await findItem(db.knex, key);
    if (!item) throw new DanganError('ITEM_NOT_FOUND', { item: key });
    assertCan(actor, 'item.read', recordOf(item));
    return item;
  }

  return {
    get: load,

    isOverdue: (item: ItemRecord) => item.state === 'out' && isOverdue(item.dueAt, clock.now()),

    /** When the item would be due if checked out now (shown before anyone confirms), or null if it cannot go. */
    dueIfCheckedOut: (item: ItemRecord): string | null =>
      item.state === 'in_place' && item.kind !== 'box'
        ? dueDate(clock.now(), policy.loanDays[item.confidentiality]).toISOString()
        : null,

    async history(
      actor: Actor,
      key: ItemKey,
      limit = 200,
    ): Promise<{ item: ItemRecord; entries: CustodyEntry[] }> {
      const item = await load(actor, key);
      assertCan(actor, 'item.history', recordOf(item));
      return { item, entries: await itemHistory(db.knex, item.id, limit) };
    },

    /**
     * Items out and who holds them. Without `holdings.read_all` a person sees only what they hold themselves;
     * records above their clearance or outside their area are left out, never shown masked-but-present.
     */
    async holdings(actor: Actor, filter: HoldingsFilter): Promise<{ items: ItemRecord[]; total: number }> {
      const all = can(actor, 'holdings.read_all').allowed;
      if (!all) {
        assertCan(actor, 'holdings.read_own');
        if (filter.userId !== undefined && filter.userId !== actor.userId) throw new DanganError('FORBIDDEN');
      }
      const userId = all ? filter.userId : actor.userId;
      const out = await itemsOut(db.knex, {
        holderUserId: userId,
        dueBefore: filter.overdueOnly ? clock.now().toISOString() : undefined,
      });
      const visible = out.filter((item) => can(actor, 'item.read', recordOf(item)).allowed);
      return { items: visible.slice(filter.offset, filter.offset + filter.limit), total: visible.length };
    },
  };
}

export type ItemsService = ReturnType<typeof createItemsService>;
