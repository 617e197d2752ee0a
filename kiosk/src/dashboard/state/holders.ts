// Who holds what (GET /dashboard/holders): per person a page at a time (the page as long as the panel has
// room for), or per department; one person opened shows their folders (GET /dashboard/loans?userId=).
import { signal } from '@preact/signals';
import type { BoardHolders, BoardLoans } from '../../shared/api/types';

export type HoldersBy = 'person' | 'department';

export class HoldersState {
  readonly by = signal<HoldersBy>('person');
  readonly data = signal<BoardHolders | null>(null);
  readonly offset = signal(0);
  /** Rows that fit the panel (measured on screen; 8 until measured). */
  readonly size = signal(8);
  /** The person opened, and their folders. */
  readonly opened = signal<{ userId: number; name: string; loans: BoardLoans | null } | null>(null);

  get pages(): number {
    const total = this.by.value === 'person' ? (this.data.value?.total ?? 0) : 0;
    return Math.max(1, Math.ceil(total / this.size.value));
  }

  /** The page to load, pulled back when holders left meanwhile emptied the current one. */
  clamp(total: number): boolean {
    const last = Math.max(0, (Math.ceil(total / this.size.value) - 1) * this.size.value);
    if (this.offset.value <= last) return false;
    this.offset.value = last;
    return true;
  }

  reset(): void {
    this.data.value = null;
    this.offset.value = 0;
    this.opened.value = null;
  }
}
