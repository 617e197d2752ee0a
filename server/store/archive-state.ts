// Whether a database has ever held an archive: the demo goes only into one that has not.
import type { Queryable } from './db.js';
import { FINGERPRINT_SETTING } from './data-key.js';

const ARCHIVE_TABLES = ['items', 'dossiers', 'parties', 'properties', 'users'] as const;

/** No archive rows and no data key recorded: nothing here was ever an archive. */
export async function isPristine(db: Queryable): Promise<boolean> {
  for (const table of ARCHIVE_TABLES) {
    if ((await db(table).first('id')) !== undefined) return false;
  }
  return (await db('settings').where({ key: FINGERPRINT_SETTING }).first('key')) === undefined;
}

/** No items yet (`dangan demo` fills only such a database). */
export async function hasNoItems(db: Queryable): Promise<boolean> {
  return (await db('items').first('id')) === undefined;
}
