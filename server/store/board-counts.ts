// The board's counts, taken in the database: items grouped by state (and, for items out, whether they are
// past due) and by the attributes the per-record access rule reads (estate, owning department, level,
// dossier kind). The service then applies that rule once per group (services/items.ts `boardCounts`), so
// the figures are exactly those of a record-by-record count without ever loading the records.
import type { ConfidentialityLevel, DossierKind, ItemState } from '../domain/vocabulary.js';
import type { Queryable } from './db.js';

export interface CountGroup {
  state: ItemState;
  /** Out and due before the instant asked about. */
  overdue: boolean;
  estateId: number | null;
  departmentId: number | null;
  confidentiality: ConfidentialityLevel;
  dossierKind: DossierKind | null;
  n: number;
}

/** Items in these states, counted per state, overdue flag and access attributes. */
export async function itemCountGroups(
  q: Queryable,
  states: readonly ItemState[],
  now: string,
): Promise<CountGroup[]> {
  // The same joins as itemQuery uses to find an item's estate (dossier → property → unit → building).
  const rows = (await q('items as i')
    .leftJoin('dossiers as d', 'd.id', 'i.dossier_id')
    .leftJoin('properties as p', 'p.id', 'd.property_id')
    .leftJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('buildings as b', 'b.id', 'u.building_id')
    .whereIn('i.state', [...states])
    .select(
      'i.state',
      q.raw("case when i.state = 'out' and i.due_at < ? then 1 else 0 end as overdue", [now]),
      'b.estate_id',
      'd.department_id',
      'd.confidentiality',
      'd.kind as dossier_kind',
      q.raw('count(*) as n'),
    )
    .groupByRaw('1, 2, 3, 4, 5, 6')) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    state: r.state as ItemState,
    overdue: Number(r.overdue) === 1,
    estateId: r.estate_id == null ? null : Number(r.estate_id),
    departmentId: r.department_id == null ? null : Number(r.department_id),
    confidentiality: ((r.confidentiality as ConfidentialityLevel | null) ?? 'C') as ConfidentialityLevel,
    dossierKind: (r.dossier_kind as DossierKind | null) ?? null,
    n: Number(r.n),
  }));
}
