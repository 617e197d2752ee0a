// The overdue list, a page at a time (GET /dashboard/loans?overdue=true, with the holder's contact masked
// per role), a page as long as the panel has room for, and how late each loan is.
import { signal } from '@preact/signals';
import type { BoardLoans } from '../../shared/api/types';

/** Rows per page until the panel has been measured (screens/fit.ts). */
export const PAGE_SIZE = 8;
const DAY_MS = 86_400_000;

/** Whole days past due, counting a started day (due yesterday evening is one day late this morning). */
export function daysLate(dueAt: string | null, now: number): number {
  if (!dueAt) return 0;
  return Math.max(1, Math.ceil((now - Date.parse(dueAt)) / DAY_MS));
}

export class OverdueState {
  readonly page = signal<BoardLoans | null>(null);
  readonly offset = signal(0);
  /** Rows that fit the panel. */
  readonly size = signal(PAGE_SIZE);

  get pages(): number {
    return Math.max(1, Math.ceil((this.page.value?.total ?? 0) / this.size.value));
  }

  /** The page to load, pulled back when loans returned meanwhile left the current one empty. */
  clamp(total: number): boolean {
    const size = this.size.value;
    const last = Math.max(0, (Math.ceil(total / size) - 1) * size);
    if (this.offset.value <= last) return false;
    this.offset.value = last;
    return true;
  }
}
