// The overdue list, a page at a time (GET /holdings/all?overdue=true), and how late each loan is.
import { signal } from '@preact/signals';
import type { Holdings } from '../../shared/api/types';

export const PAGE_SIZE = 8;
const DAY_MS = 86_400_000;

/** Whole days past due, counting a started day (due yesterday evening is one day late this morning). */
export function daysLate(dueAt: string | null, now: number): number {
  if (!dueAt) return 0;
  return Math.max(1, Math.ceil((now - Date.parse(dueAt)) / DAY_MS));
}

export class OverdueState {
  readonly page = signal<Holdings | null>(null);
  readonly offset = signal(0);

  get pages(): number {
    return Math.max(1, Math.ceil((this.page.value?.total ?? 0) / PAGE_SIZE));
  }

  /** The page to load, pulled back when loans returned meanwhile left the current one empty. */
  clamp(total: number): boolean {
    const last = Math.max(0, (Math.ceil(total / PAGE_SIZE) - 1) * PAGE_SIZE);
    if (this.offset.value <= last) return false;
    this.offset.value = last;
    return true;
  }
}
