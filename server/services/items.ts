// Read side for items: one item, its custody history, and who holds what. Access is checked per record.
import { assertCan, boardMay, can, type Actor } from '../domain/access.js';
import { dueDate, isOverdue } from '../domain/custody.js';
import type { Config } from '../config.js';
import { DanganError } from '../domain/errors.js';
import type { CustodyEntry } from '../domain/ledger.js';
import type { Clock } from '../providers.js';
import { itemHistory } from '../store/custody-log.js';
import type { Database } from '../store/db.js';
import { itemCountGroups } from '../store/board-counts.js';
import { headSeq } from '../store/custody-feed.js';
import { findItem, itemsOut, overdueLoans, type ItemKey, type ItemRecord } from '../store/items.js';

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

export interface OwnHoldingsFilter {
  overdueOnly?: boolean;
  limit: number;
  offset: number;
}

export interface AllHoldingsFilter extends OwnHoldingsFilter {
  /** Only this person's loans. */
  userId?: number;
}

export interface Holdings {
  items: ItemRecord[];
  /** How many match, across all pages. */
  total: number;
}

export interface BoardCounts {
  inPlace: number;
  out: number;
  overdue: number;
  removed: number;
  /** 移交中: on its way between rooms or sites (state `in_transfer`). */
  inTransfer: number;
  missing: number;
}
const BOARD_STATES = ['in_place', 'out', 'removed', 'in_transfer', 'missing'] as const;
const COUNTED: Record<(typeof BOARD_STATES)[number], keyof BoardCounts> = {
  in_place: 'inPlace',
  out: 'out',
  removed: 'removed',
  in_transfer: 'inTransfer',
  missing: 'missing',
};

/**
 * How long the board's grouped counts and everyone's loans are reused while the custody log has not moved:
 * every open board reloads them after each event, so 50 boards ask at once for the same rows. A change of state is
 * always a custody entry (a new head seq), so it shows at once; a change no entry records (a file's level
 * raised, a dossier moved to another department) shows within this time.
 */
export const COUNTS_FRESH_MS = 1000;

/** How many overdue loans a sign-in answer lists by name (the count covers them all). */
export const OVERDUE_LISTED = 5;

const page = (items: ItemRecord[], p: { limit: number; offset: number }): Holdings => ({
  items: items.slice(p.offset, p.offset + p.limit),
  total: items.length,
});

export function createItemsService({ db, clock, policy }: ItemsDeps) {
  const shared = new Map<string, { seq: number; at: number; value: Promise<unknown> }>();
  /**
   * A read shared by every viewer while the custody log's head stands still (COUNTS_FRESH_MS at most):
   * the board's counts and everyone's loans, which each open board reloads after every event. Each viewer's
   * rule is applied to the shared rows afterwards.
   */
  async function whileStill<T>(
    key: string,
    load: (now: Date) => Promise<T>,
  ): Promise<{ value: T; seq: number }> {
    // The head is read before the rows: a change committed meanwhile shows up as a newer head later on.
    const seq = await headSeq(db.knex);
    const now = clock.now();
    const hit = shared.get(key);
    const age = hit ? now.getTime() - hit.at : Infinity;
    if (hit && hit.seq === seq && age >= 0 && age < COUNTS_FRESH_MS) {
      return { value: (await hit.value) as T, seq: hit.seq };
    }
    const value = load(now);
    shared.set(key, { seq, at: now.getTime(), value });
    value.catch(() => {
      if (shared.get(key)?.value === value) shared.delete(key); // a failure is not remembered
    });
    return { value: await value, seq };
  }
  const countGroups = () =>
    whileStill('counts', (now) => itemCountGroups(db.knex, BOARD_STATES, now.toISOString()));

  const dueBefore = (f: OwnHoldingsFilter) => (f.overdueOnly ? clock.now().toISOString() : undefined);

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
      (item.state === 'in_place' || item.state === 'removed') && item.kind !== 'box'
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
     * What the actor holds, soonest due first: "my loans" is always the caller's own, whatever else the
     * role may see. A holder always sees what they hold (they may return it whatever its level or area).
     */
    async ownHoldings(actor: Actor, filter: OwnHoldingsFilter): Promise<Holdings> {
      assertCan(actor, 'holdings.read_own');
      const out = await itemsOut(db.knex, { holderUserId: actor.userId, dueBefore: dueBefore(filter) });
      return page(
        out.filter((item) => can(actor, 'item.checkin', recordOf(item)).allowed),
        filter,
      );
    },

    /**
     * Everyone's loans (or one person's), for roles with `holdings.read_all`: the board's records
     * (`boardMay`: readable, and a supervisor's own estates), never shown masked-but-present.
     */
    async allHoldings(actor: Actor, filter: AllHoldingsFilter): Promise<Holdings> {
      assertCan(actor, 'holdings.read_all');
      // Everyone's loans are the same rows for every board: shared while the custody log stands still.
      const out =
        filter.userId === undefined
          ? (
              await whileStill(`out:${filter.overdueOnly === true}`, (now) =>
                itemsOut(db.knex, { dueBefore: filter.overdueOnly ? now.toISOString() : undefined }),
              )
            ).value
          : await itemsOut(db.knex, { holderUserId: filter.userId, dueBefore: dueBefore(filter) });
      return page(
        out.filter((item) => boardMay(actor, recordOf(item))),
        filter,
      );
    },

    /**
     * The supervisors' board: how many items are in place, out, overdue, removed without check-out
     * (未登记取出), in transfer (移交中) and missing, counting only the board's records (`boardMay`), as GET
     * /holdings/all lists them. The database counts per group of records that share every attribute the
     * rule reads (estate, owning department, level, dossier kind; the holder matters to that
     * rule only for check-in), and the rule is applied once per group: the per-record result, without
     * loading the records. The groups are shared between viewers while the custody log stands still
     * (COUNTS_FRESH_MS).
     */
    async boardCounts(actor: Actor): Promise<BoardCounts> {
      return (await this.boardSummary(actor)).counts;
    },

    /** The board's counts and the custody log's head they were counted at (no change after it is in them). */
    async boardSummary(actor: Actor): Promise<{ counts: BoardCounts; headSeq: number }> {
      assertCan(actor, 'holdings.read_all');
      const counts: BoardCounts = { inPlace: 0, out: 0, overdue: 0, removed: 0, inTransfer: 0, missing: 0 };
      const { value: groups, seq } = await countGroups();
      for (const g of groups) {
        const record = {
          estateId: g.estateId,
          departmentId: g.departmentId,
          confidentiality: g.confidentiality,
          dossierKind: g.dossierKind,
        };
        if (!boardMay(actor, record)) continue;
        counts[COUNTED[g.state as (typeof BOARD_STATES)[number]]] += g.n;
        if (g.overdue) counts.overdue += g.n;
      }
      return { counts, headSeq: seq };
    },

    /** The actor's overdue loans, for the warning at sign-in and the check-out rule. */
    overdueOf: async (userId: number) => {
      const { count, first } = await overdueLoans(db.knex, userId, clock.now(), OVERDUE_LISTED);
      // Said up front, so the kiosk can tell the borrower before a check-out is refused.
      return { count, items: first, blocksNewLoans: policy.blockLoansWhileOverdue && count > 0 };
    },
  };
}

export type ItemsService = ReturnType<typeof createItemsService>;
