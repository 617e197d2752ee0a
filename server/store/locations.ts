// Single storage locations: looking one up (with what shelving rules need) and adding one.
import type { LocationKind } from '../domain/vocabulary.js';
import { insertReturningId } from './catalogue.js';
import type { Queryable } from './db.js';

export interface LocationRef {
  id: number;
  kind: LocationKind;
  capacity: number | null;
}

export async function findLocationRef(q: Queryable, id: number): Promise<LocationRef | null> {
  const row = (await q('locations').where({ id }).first('id', 'kind', 'capacity')) as
    { id: number; kind: LocationKind; capacity: number | string | null } | undefined;
  if (!row) return null;
  return {
    id: Number(row.id),
    kind: row.kind,
    capacity: row.capacity === null ? null : Number(row.capacity),
  };
}

export interface NewLocation {
  parentId: number | null;
  kind: LocationKind;
  code: string;
  name: string;
  capacity: number | null;
}

export function insertLocation(q: Queryable, l: NewLocation): Promise<number> {
  return insertReturningId(q, 'locations', {
    parent_id: l.parentId,
    kind: l.kind,
    code: l.code,
    name: l.name,
    capacity: l.capacity,
  });
}
