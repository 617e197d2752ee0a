// Who may look at the board, and at which of its pages. The server decides in the end (the 'dashboard'
// audience's per-event rule, GET /holdings/all and the board's routes); this only spares a person a board
// full of refusals.
import type { Page } from './navigation';

/**
 * - full: the live board of records (counts, holders, overdue, alarms, events, devices, cabinets, stations);
 * - read-only: the same, without acting on alarms (the archivist);
 * - system: the system administrator's view: the devices' health and the notification outbox, never a record
 *   (admin reads no records and sees no owners: DOMAIN.md's masking table);
 * - refused: nothing to watch.
 */
export type BoardAccess = 'full' | 'read-only' | 'system' | 'refused';

const WATCHERS = new Set(['supervisor', 'site_manager', 'gm', 'legal']);

/**
 * Supervisors, site managers, the general manager and legal watch the board; the archivist sees it
 * read-only (custody is done at the door); the admin sees the system view. Staff: refused.
 */
export function boardAccess(role: string): BoardAccess {
  if (WATCHERS.has(role)) return 'full';
  if (role === 'archivist') return 'read-only';
  if (role === 'admin') return 'system';
  return 'refused';
}

/** The pages each kind of access may open: the system view has no timeline and no reports (records). */
const SYSTEM_PAGES: ReadonlySet<Page> = new Set<Page>(['board', 'notices']);

export function mayOpen(access: BoardAccess, page: Page): boolean {
  if (access === 'refused') return false;
  return access !== 'system' || SYSTEM_PAGES.has(page);
}
