// Bulk writing for the demo: multi-row INSERTs in chunks that stay under SQLite's 32766 bound-variable
// limit, the emptiness check, and PostgreSQL sequence repair after rows were inserted with explicit ids.
import type { Knex } from 'knex';
import type { Dialect } from '../store/db.js';
import { DanganError } from '../domain/errors.js';

const MAX_VARIABLES = 32_766;
const MAX_ROWS = 5_000;

/** Inserts rows (all with the same keys as the first) in as few statements as the variable limit allows. */
export async function insertRows<T extends object>(
  trx: Knex.Transaction,
  table: string,
  rows: readonly T[],
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_VARIABLES / columns.length)));
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const bindings: unknown[] = [];
    for (const row of chunk)
      for (const c of columns) bindings.push((row as Record<string, unknown>)[c] ?? null);
    await trx.raw(head + new Array<string>(chunk.length).fill(tuple).join(', '), bindings as Knex.Value[]);
  }
}

/** Tables the generator fills with explicit ids starting at 1. */
export const ID_TABLES = [
  'sites',
  'estates',
  'buildings',
  'units',
  'properties',
  'departments',
  'users',
  'badges',
  'parties',
  'property_parties',
  'dossiers',
  'dossier_links',
  'locations',
  'items',
  'checklist_templates',
  'checklist_entries',
  'dossier_documents',
  'inspections',
] as const;

/** Tables that must be empty before the demo goes in (the ones it writes ids or numbers into). */
const MUST_BE_EMPTY = [
  'items',
  'custody_log',
  'dossiers',
  'parties',
  'sites',
  'users',
  'locations',
  'departments',
  'checklist_templates',
] as const;

export async function assertEmpty(trx: Knex.Transaction): Promise<void> {
  const full: string[] = [];
  for (const table of MUST_BE_EMPTY) {
    const row = (await trx(table).first(trx.raw('1 as present'))) as { present: number } | undefined;
    if (row) full.push(table);
  }
  if (full.length > 0) throw new DanganError('DEMO_DATABASE_NOT_EMPTY', { tables: full });
}

/** After explicit ids, PostgreSQL's serial sequences must move past them; SQLite follows by itself. */
export async function repairSequences(trx: Knex.Transaction, dialect: Dialect): Promise<void> {
  if (dialect !== 'pg') return;
  for (const table of ID_TABLES) {
    await trx.raw(
      `select setval(pg_get_serial_sequence(?, 'id'), coalesce((select max(id) from "${table}"), 0) + 1, false)`,
      [table],
    );
  }
}
