// Who may look at the board. The server decides in the end (the 'dashboard' audience and GET /holdings/all
// need holdings.read_all); this only spares a person a board full of refusals.
export type BoardAccess = 'full' | 'read-only' | 'refused';

const WATCHERS = new Set(['supervisor', 'site_manager', 'gm', 'legal']);

/**
 * Supervisors, site managers, the general manager and legal watch the board; the archivist sees it
 * read-only (custody is done at the door). Staff and admins hold no holdings.read_all: refused.
 */
export function boardAccess(role: string): BoardAccess {
  if (WATCHERS.has(role)) return 'full';
  if (role === 'archivist') return 'read-only';
  return 'refused';
}
