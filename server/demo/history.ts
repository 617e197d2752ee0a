// The demo's circulation history: every item registered about 60 days ago, then past loans that came back
// (inspected on return, one damaged), folders out now (a third overdue), a floor key out with engineering,
// and one or two folders found missing at an audit. The items' final columns follow from the same events,
// so each item agrees with its latest custody row.
import { dueDate } from '../domain/custody.js';
import type { CustodyFields } from '../domain/ledger.js';
import type { CustodyAction, InspectionResult, ItemState } from '../domain/vocabulary.js';
import type { ItemRow } from './items.js';
import type { Random } from './random.js';

const DAY = 86_400_000;
const CST = 8 * 3_600_000;
export const LOAN_DAYS = 7;

/** Who may hold an item and why they take it; shared by all items of one category. */
export interface CirculationProfile {
  holders: readonly number[];
  purposes: readonly string[];
  /** Level B and A files leave only with an approval reference. */
  needsApproval: boolean;
}

export interface HistoryInput {
  items: ItemRow[];
  /** Per item; null = the item does not circulate (boxes, confidential A files). */
  profiles: ReadonlyArray<CirculationProfile | null>;
  floorKeys: readonly number[];
  adminId: number;
  archivistIds: readonly number[];
  now: Date;
  households: number;
  rng: Random;
}

interface Event {
  ms: number;
  item: number;
  action: CustodyAction;
  actor: number;
  station: string;
  holder?: number;
  purpose?: string;
  dueAt?: string;
  reason?: string | null;
  inspection?: { result: InspectionResult; note: string | null };
}

export interface HistoryPlan {
  entries: Array<Omit<CustodyFields, 'seq'>>;
  /** Inspections by entry index (the seq is known once the entries are appended). */
  inspections: Array<{
    entry: number;
    itemId: number;
    result: InspectionResult;
    note: string | null;
    inspector: number;
  }>;
  out: number;
  overdue: number;
  missing: number;
  registeredAt: string;
}

/** When the archive was registered: 09:00 China time, 60 days before now. */
export function registrationStart(now: Date): Date {
  return new Date(officeOpens(now.getTime(), 60));
}

/** 09:00 China time, `daysAgo` days before now. */
function officeOpens(now: number, daysAgo: number): number {
  return Math.floor((now + CST) / DAY) * DAY - CST - daysAgo * DAY + 9 * 3_600_000;
}

/** `daysAgo` (≥ 1) days before now, at a random moment of office hours (09:00–17:30 China time). */
function officeTime(now: number, daysAgo: number, rng: Random): number {
  return officeOpens(now, daysAgo) + rng.int(0, 510) * 60_000 + rng.int(0, 59_999);
}

export function planHistory(input: HistoryInput): HistoryPlan {
  const { items, profiles, rng } = input;
  const now = input.now.getTime();
  const events: Event[] = [];
  const archivist = () => rng.pick(input.archivistIds);

  // Registration: the whole archive entered over one working day, 60 days ago.
  const start = officeOpens(now, 60);
  const step = Math.max(1, Math.floor((8 * 3_600_000) / Math.max(1, items.length)));
  items.forEach((_, i) =>
    events.push({
      ms: start + i * step,
      item: i,
      action: 'registered',
      actor: input.adminId,
      station: 'demo',
      reason: '建档登记（演示数据）',
    }),
  );

  const folders = items.flatMap((it, i) => (it.kind === 'folder' && profiles[i] ? [i] : []));
  const outCount = Math.round(folders.length * 0.04);
  const overdueCount = Math.round(outCount / 3);
  const missingCount = Math.max(1, Math.round(input.households / 300));
  // Which folders are out now, overdue or missing: a random pick, in random order over the archive.
  const picked = rng
    .shuffle(rng.sampleIndexes(folders.length, outCount + missingCount))
    .map((k) => folders[k] as number);
  const outNow = picked.slice(0, outCount);
  const missing = picked.slice(outCount);

  const checkOut = (item: number, ms: number) => {
    const profile = profiles[item] as CirculationProfile;
    const holder = rng.pick(profile.holders);
    const purpose = rng.pick(profile.purposes);
    const dueAt = dueDate(new Date(ms), LOAN_DAYS).toISOString();
    events.push({
      ms,
      item,
      action: 'check_out',
      actor: holder,
      station: 'kiosk-1',
      holder,
      purpose,
      dueAt,
      reason: purpose,
    });
    return holder;
  };
  const checkIn = (item: number, ms: number): Event => {
    const e: Event = { ms, item, action: 'check_in', actor: archivist(), station: 'kiosk-1', reason: null };
    e.inspection = { result: 'intact', note: null };
    events.push(e);
    return e;
  };

  // Past loans, all back by three weeks ago: one in six folders once, one in thirty twice.
  const returns: Event[] = [];
  for (const item of folders) {
    const loans = rng.chance(1 / 30) ? 2 : rng.chance(1 / 6) ? 1 : 0;
    for (let l = 0; l < loans; l++) {
      const outDay = loans === 2 ? (l === 0 ? rng.int(45, 55) : rng.int(28, 38)) : rng.int(28, 55);
      checkOut(item, officeTime(now, outDay, rng));
      returns.push(checkIn(item, officeTime(now, outDay - rng.int(1, 6), rng)));
    }
  }
  // Returned folders are inspected: intact, except one (per 600 households) damaged.
  for (const k of rng.sampleIndexes(returns.length, Math.max(1, Math.round(input.households / 600)))) {
    const e = returns[k] as Event;
    e.inspection = { result: 'damaged', note: '封面破损、装订线松脱，已修补' };
    e.reason = `inspection: damaged — ${e.inspection.note}`;
  }
  // Out now: a third overdue (taken 10–20 days ago, due after 7), the rest taken in the last 6 days.
  outNow.forEach((item, k) => {
    const daysAgo = k < overdueCount ? rng.int(10, 20) : rng.int(1, 6);
    checkOut(item, officeTime(now, daysAgo, rng));
  });
  for (const key of input.floorKeys.slice(0, Math.max(1, Math.round(input.households / 600)))) {
    if (profiles[key]) checkOut(key, officeTime(now, rng.int(1, 3), rng));
  }
  for (const item of missing) {
    events.push({
      ms: officeTime(now, rng.int(14, 20), rng),
      item,
      action: 'missing',
      actor: archivist(),
      station: 'handheld-1',
      reason: '盘点未找到，已登记遗失',
    });
  }

  events.sort((a, b) => a.ms - b.ms || a.item - b.item);
  const plan: HistoryPlan = {
    entries: [],
    inspections: [],
    out: 0,
    overdue: 0,
    missing: 0,
    registeredAt: new Date(start).toISOString(),
  };
  let approvals = 0;
  for (const e of events) {
    const it = items[e.item] as ItemRow;
    const at = new Date(e.ms).toISOString();
    const from: ItemState | null = e.action === 'registered' ? null : it.state;
    const fromHolder = it.holder_user_id;
    let approvalRef: string | null = null;
    if (e.action === 'check_out') {
      if (profiles[e.item]?.needsApproval)
        approvalRef = `JY-${at.slice(0, 4)}-${String(++approvals).padStart(4, '0')}`;
      Object.assign(it, {
        state: 'out',
        holder_user_id: e.holder,
        out_at: at,
        due_at: e.dueAt,
        out_purpose: e.purpose,
      });
    } else if (e.action !== 'registered') {
      Object.assign(it, {
        state: e.action === 'missing' ? 'missing' : 'in_place',
        holder_user_id: null,
        out_at: null,
        due_at: null,
        out_purpose: null,
      });
    }
    if (e.action !== 'registered') it.version += 1;
    if (e.inspection)
      plan.inspections.push({
        entry: plan.entries.length,
        itemId: it.id,
        ...e.inspection,
        inspector: e.actor,
      });
    plan.entries.push({
      at,
      actorUserId: e.actor,
      station: e.station,
      action: e.action,
      itemId: it.id,
      fromState: from,
      toState: it.state,
      fromLocationId: from === 'in_place' ? it.location_id : null,
      toLocationId: it.state === 'in_place' ? it.location_id : null,
      fromHolderId: fromHolder,
      toHolderId: it.holder_user_id,
      reason: e.reason ?? null,
      approvalRef,
    });
  }
  const nowIso = input.now.toISOString();
  for (const it of items) {
    if (it.state === 'out') {
      plan.out += 1;
      if (it.due_at !== null && it.due_at < nowIso) plan.overdue += 1;
    } else if (it.state === 'missing') plan.missing += 1;
  }
  return plan;
}
