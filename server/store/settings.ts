// Archive-wide settings and facts the command line asks about before it starts anything.
import type { Queryable } from './db.js';

/** Whether this archive was filled by the demo generator (it is marked so, for the banner and simulators). */
export async function isDemoArchive(q: Queryable): Promise<boolean> {
  const row = (await q('settings').where({ key: 'demo' }).first('value')) as { value: string } | undefined;
  return row?.value === 'true';
}

export async function markDemoArchive(q: Queryable): Promise<void> {
  await q('settings').insert({ key: 'demo', value: 'true' }).onConflict('key').merge();
}
