// Everyone's loans, for an operator whose role may see them: a page at a time, soonest due first (the
// server's order). Separate from "my loans" (circulation.ts), which is always the operator's own.
import { signal } from '@preact/signals';
import { asApiError, type ApiError } from '../../shared/api/error';
import type { Holdings, Me } from '../../shared/api/types';
import type { Text } from '../../shared/i18n';
import type { KioskContext } from './context';
import { fromError } from './outcome';
import type { SessionState } from './session';

/** Rows a page shows: fits under the header at 1024×768 with the pager's buttons on screen. */
export const LOANS_PAGE_SIZE = 8;

/** Roles with `holdings.read_all` (server/domain/access.ts ROLE_PERMISSIONS); the server decides anyway. */
const SEES_ALL_LOANS = new Set(['archivist', 'supervisor', 'site_manager', 'gm', 'legal']);

export const seesAllLoans = (me: Me | null): boolean => !!me && SEES_ALL_LOANS.has(me.role);

export class LoansState {
  /** The all-loans screen is open over the operator's screen. */
  readonly open = signal(false);
  readonly page = signal<Holdings | null>(null);
  /** Zero-based page number. */
  readonly index = signal(0);
  readonly loading = signal(false);
  readonly error = signal<Text | null>(null);
  private request = 0;

  constructor(
    private readonly ctx: KioskContext,
    private readonly session: SessionState,
    /** A refusal that means the operator's session has ended (the screen goes back to idle). */
    private readonly sessionGone: (error: ApiError) => boolean,
  ) {}

  get pages(): number {
    return Math.max(1, Math.ceil((this.page.value?.total ?? 0) / LOANS_PAGE_SIZE));
  }

  show(): void {
    this.open.value = true;
    this.page.value = null;
    this.ctx.touch();
    void this.load(0);
  }

  close(): void {
    this.request++; // an answer still on its way is dropped
    this.open.value = false;
    this.page.value = null;
    this.index.value = 0;
    this.error.value = null;
    this.loading.value = false;
  }

  next(): void {
    if (this.index.value + 1 < this.pages) void this.load(this.index.value + 1);
  }

  previous(): void {
    if (this.index.value > 0) void this.load(this.index.value - 1);
  }

  private async load(index: number): Promise<void> {
    const token = this.session.token;
    if (!token) return;
    const request = ++this.request;
    this.ctx.touch();
    this.loading.value = true;
    this.error.value = null;
    try {
      const page = await this.ctx.deps.api.allHoldings(token, {
        limit: LOANS_PAGE_SIZE,
        offset: index * LOANS_PAGE_SIZE,
      });
      if (request !== this.request) return;
      this.page.value = page;
      this.index.value = index;
    } catch (e) {
      if (request !== this.request) return;
      const error = asApiError(e);
      if (this.sessionGone(error)) return;
      this.error.value = fromError(error);
    } finally {
      if (request === this.request) this.loading.value = false;
    }
  }
}
