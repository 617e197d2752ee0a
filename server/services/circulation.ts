// Circulation use cases: check-out, check-in with inspection, move, missing and found. Each runs one write
// transaction that changes the item and appends exactly one custody-log row per item, then publishes.
import type { Knex } from 'knex';
import { assertCan, type Action, type Actor } from '../domain/access.js';
import { dueDate, nextState, removalCutoff, removalState } from '../domain/custody.js';
import { DanganError, isDanganError } from '../domain/errors.js';
import type { CustodyEntry, CustodyFields } from '../domain/ledger.js';
import {
  CONFIDENTIALITY_LEVELS,
  type CustodyAction,
  type InspectionResult,
  type ItemState,
} from '../domain/vocabulary.js';
import type { Config } from '../config.js';
import type { EventBus } from '../events.js';
import type { Clock } from '../providers.js';
import { appendCustody } from '../store/custody-log.js';
import type { Database } from '../store/db.js';
import { insertInspection } from '../store/inspections.js';
import {
  findItem,
  itemsRemovedBefore,
  overdueLoans,
  updateItemState,
  type ItemKey,
  type ItemRecord,
  type ItemStatePatch,
} from '../store/items.js';
import { actorOf } from '../store/users.js';
import { recordOf } from './items.js';
import { shelfWithRoom } from './shelving.js';
import { RetryableConflict, writeTransaction } from './unit-of-work.js';

export interface CirculationDeps {
  db: Database;
  bus: EventBus | null;
  clock: Clock;
  /** The loan and removal rules (the alarm escalation time is the alarm service's). */
  policy: Omit<Config['policy'], 'alarmEscalationMinutes'>;
}

/**
 * Who acts: a signed-in person (at a station, a handheld, or the web), or a configured device acting on its
 * own (a cabinet reader seeing a folder come back). Devices are trusted because only configuration creates
 * them; they never borrow.
 */
export type Origin = { actor: Actor; station?: string | null } | { device: string };

/** A refusal names the folder it is about, so a batch of many says which one stopped it. */
function naming(e: unknown, barcode: string): unknown {
  if (!isDanganError(e)) return e;
  const details = e.details && typeof e.details === 'object' ? e.details : {};
  return new DanganError(e.code, { ...details, barcode }, e.messages);
}

/** The custody log's station for a removal recorded missing by the policy's deadline, not by a person. */
const ESCALATION: Origin = { device: 'removal-policy' };

const actorIdOf = (origin: Origin) => ('device' in origin ? null : origin.actor.userId);
const stationOf = (origin: Origin) => ('device' in origin ? origin.device : (origin.station ?? null));

/** The permission check for `change`: devices are trusted (see Origin), people are asked per record. */
const authorised =
  (origin: Origin, action: Action) =>
  (item: ItemRecord): void => {
    if (!('device' in origin)) assertCan(origin.actor, action, recordOf(item));
  };

export interface CheckOutInput {
  item: ItemKey;
  /** Who takes it; defaults to the actor. */
  holderUserId?: number;
  purpose: string;
  approvalRef?: string | null;
}

export interface CheckInInput {
  item: ItemKey;
  inspection: InspectionResult;
  note?: string | null;
}

export interface MoveInput {
  item: ItemKey;
  toLocationId: number;
  reason?: string | null;
}

export interface CirculationResult {
  item: ItemRecord;
  entry: CustodyEntry;
}

const levelRank = (level: ItemRecord['confidentiality']) => CONFIDENTIALITY_LEVELS.indexOf(level);

/** The state of an item that is on (or belongs on) a shelf and is held by nobody. */
const onShelf = (locationId: number | null): Omit<ItemStatePatch, 'state'> => ({
  locationId,
  holderUserId: null,
  outAt: null,
  dueAt: null,
  outPurpose: null,
});

export function createCirculationService(deps: CirculationDeps) {
  const { db, bus, clock, policy } = deps;

  /**
   * Loads the item (under the transaction's write lock), checks that the caller may act on it (first, so a
   * refused caller learns nothing of the item's state), then its state, lets `decide` check the remaining
   * rules and return the change, and writes it and its log row.
   */
  async function change(
    trx: Knex.Transaction,
    published: CustodyEntry[],
    origin: Origin,
    key: ItemKey,
    action: CustodyAction,
    permitted: (item: ItemRecord) => void,
    decide: (item: ItemRecord) => Promise<{
      patch: Omit<ItemStatePatch, 'state'>;
      reason?: string | null;
      approvalRef?: string | null;
    }>,
    next: (state: ItemState) => ItemState = (from) => nextState(from, action),
  ): Promise<CirculationResult> {
    const item = await findItem(trx, key);
    if (!item) throw new DanganError('ITEM_NOT_FOUND', { item: key });
    let state: ItemState;
    let decision: Awaited<ReturnType<typeof decide>>;
    try {
      permitted(item);
      state = next(item.state);
      decision = await decide(item);
    } catch (e) {
      throw naming(e, item.barcode);
    }
    const { patch, reason, approvalRef } = decision;
    if (!(await updateItemState(trx, item, { ...patch, state }))) throw new RetryableConflict();
    const fields: Omit<CustodyFields, 'seq'> = {
      at: clock.now().toISOString(),
      actorUserId: actorIdOf(origin),
      station: stationOf(origin),
      action,
      itemId: item.id,
      fromState: item.state,
      toState: state,
      fromLocationId: item.state === 'in_place' ? item.locationId : null,
      toLocationId: state === 'in_place' ? patch.locationId : null,
      fromHolderId: item.holderUserId,
      toHolderId: patch.holderUserId,
      reason: reason ?? null,
      approvalRef: approvalRef ?? null,
    };
    const [entry] = await appendCustody(trx, [fields]);
    published.push(entry!);
    // Read back, so names joined from other tables (holder, location) describe the new state.
    const updated = await findItem(trx, { id: item.id });
    return { item: updated!, entry: entry! };
  }

  /**
   * With policy.blockLoansWhileOverdue, nobody borrows while holding an overdue folder; the refusal lists
   * the first few so the person knows what to bring back. Returns are never blocked.
   */
  async function refuseIfOverdue(trx: Knex.Transaction, holderUserId: number): Promise<void> {
    if (!policy.blockLoansWhileOverdue) return;
    const { count, first } = await overdueLoans(trx, holderUserId, clock.now());
    if (count > 0) {
      throw new DanganError('BORROWER_OVERDUE', { holderUserId, count, overdue: first });
    }
  }

  /** Every distinct borrower of a batch, checked once before any item moves. */
  async function refuseOverdueBorrowers(trx: Knex.Transaction, origin: Origin, inputs: CheckOutInput[]) {
    if ('device' in origin) return; // refused per item below
    const holders = new Set(inputs.map((i) => i.holderUserId ?? origin.actor.userId));
    for (const holder of holders) await refuseIfOverdue(trx, holder);
  }

  async function checkOutOne(
    trx: Knex.Transaction,
    published: CustodyEntry[],
    origin: Origin,
    input: CheckOutInput,
  ) {
    if ('device' in origin) throw new DanganError('FORBIDDEN', { device: origin.device });
    const actor = origin.actor;
    const holder = input.holderUserId ?? actor.userId;
    const permitted = (item: ItemRecord) =>
      assertCan(
        actor,
        holder === actor.userId ? 'item.checkout.self' : 'item.checkout.other',
        recordOf(item),
      );
    return change(trx, published, origin, input.item, 'check_out', permitted, async (item) => {
      if (item.kind === 'box') throw new DanganError('ITEM_NOT_CIRCULATING', { kind: item.kind });
      if (levelRank(item.confidentiality) >= levelRank(policy.approvalFromLevel) && !input.approvalRef) {
        throw new DanganError('CLEARANCE_REQUIRED', { level: item.confidentiality });
      }
      if (holder !== actor.userId) {
        // Handing a file to someone else: they must be allowed to borrow it themselves.
        const recipient = await actorOf(trx, holder);
        if (!recipient) throw new DanganError('USER_NOT_FOUND', { userId: holder });
        assertCan(recipient, 'item.checkout.self', recordOf(item));
      }
      const now = clock.now();
      return {
        patch: {
          locationId: item.locationId,
          holderUserId: holder,
          outAt: now.toISOString(),
          dueAt: dueDate(now, policy.loanDays[item.confidentiality]).toISOString(),
          outPurpose: input.purpose,
        },
        reason: input.purpose,
        approvalRef: input.approvalRef ?? null,
      };
    });
  }

  /** Actions that only note what happened to an item that belongs on its shelf: nobody holds it. */
  function recordOnShelf(action: 'missing' | 'found' | 'seen', permission: Action) {
    return (origin: Origin, key: ItemKey, reason: string): Promise<CirculationResult> =>
      writeTransaction(db, bus, ({ trx, published }) =>
        change(trx, published, origin, key, action, authorised(origin, permission), async (item) => {
          return { patch: onShelf(item.locationId), reason };
        }),
      );
  }

  /** Items left `removed` since before `cutoff`, recorded missing in one transaction (rechecked under its lock). */
  function escalateRemovalsBefore(cutoff: Date): Promise<CirculationResult[]> {
    const hours = policy.unrecordedRemovalHours;
    return writeTransaction(db, bus, async ({ trx, published }) => {
      const results: CirculationResult[] = [];
      for (const id of await itemsRemovedBefore(trx, cutoff.toISOString())) {
        const reason = `unaccounted for ${hours} h after leaving its shelf without check-out`;
        results.push(
          await change(
            trx,
            published,
            ESCALATION,
            { id },
            'missing',
            () => undefined,
            async (item) => ({
              patch: onShelf(item.locationId),
              reason,
            }),
          ),
        );
      }
      return results;
    });
  }

  return {
    /** Checks one item out to a person (the actor unless `holderUserId` names someone else). */
    checkOut(origin: Origin, input: CheckOutInput): Promise<CirculationResult> {
      return writeTransaction(db, bus, async ({ trx, published }) => {
        await refuseOverdueBorrowers(trx, origin, [input]);
        return checkOutOne(trx, published, origin, input);
      });
    },

    /** Batch mode: all items leave in one transaction, or none do. */
    checkOutMany(origin: Origin, inputs: CheckOutInput[]): Promise<CirculationResult[]> {
      return writeTransaction(db, bus, async ({ trx, published }) => {
        await refuseOverdueBorrowers(trx, origin, inputs);
        const results: CirculationResult[] = [];
        for (const input of inputs) results.push(await checkOutOne(trx, published, origin, input));
        return results;
      });
    },

    /** Takes an item back with the clerk's inspection; damage and missing pages are recorded with it. */
    checkIn(origin: Origin, input: CheckInInput): Promise<CirculationResult> {
      return writeTransaction(db, bus, async ({ trx, published }) => {
        const permitted = authorised(origin, 'item.checkin');
        const result = await change(
          trx,
          published,
          origin,
          input.item,
          'check_in',
          permitted,
          async (item) => {
            return {
              patch: onShelf(item.locationId),
              reason:
                input.inspection === 'intact'
                  ? null
                  : `inspection: ${input.inspection}${input.note ? ` — ${input.note}` : ''}`,
            };
          },
        );
        await insertInspection(trx, {
          itemId: result.item.id,
          custodySeq: result.entry.seq,
          result: input.inspection,
          note: input.note ?? null,
          inspectorUserId: actorIdOf(origin),
          at: result.entry.at,
        });
        return result;
      });
    },

    /** Moves an item that is in place to another shelf or position, within its capacity. */
    move(origin: Origin, input: MoveInput): Promise<CirculationResult> {
      return writeTransaction(db, bus, ({ trx, published }) =>
        change(trx, published, origin, input.item, 'move', authorised(origin, 'item.move'), async (item) => {
          const to = await shelfWithRoom(trx, input.toLocationId, item.locationId);
          return {
            patch: onShelf(to.id),
            reason: input.reason ?? null,
          };
        }),
      );
    },

    /**
     * A cabinet saw a folder leave without check-out: 未登记取出 (`removed`), logged as `missing` from its
     * shelf; the time is kept in out_at so the removal can escalate (escalateRemovals).
     */
    recordRemoval(origin: Origin, key: ItemKey, reason: string): Promise<CirculationResult> {
      return writeTransaction(db, bus, ({ trx, published }) =>
        change(
          trx,
          published,
          origin,
          key,
          'missing',
          authorised(origin, 'item.mark_missing'),
          async (item) => ({
            patch: { ...onShelf(item.locationId), outAt: clock.now().toISOString() },
            reason,
          }),
          removalState,
        ),
      );
    },

    /**
     * Removals still unaccounted for after policy.unrecordedRemovalHours become missing (遗失), each with its
     * custody row. Run periodically (services/removal-escalation.ts); safe to run at any time.
     */
    escalateRemovals(): Promise<CirculationResult[]> {
      return escalateRemovalsBefore(removalCutoff(clock.now(), policy.unrecordedRemovalHours));
    },

    /** Records that an item cannot be found (after a search, an audit, or an alarm). */
    markMissing: recordOnShelf('missing', 'item.mark_missing'),
    /** An item in place was seen somewhere worth recording (an audit, the door gate). */
    markSeen: recordOnShelf('seen', 'audit.run'),
    /** A missing item turned up and is back on its shelf. */
    markFound: recordOnShelf('found', 'item.mark_missing'),
  };
}

export type CirculationService = ReturnType<typeof createCirculationService>;
