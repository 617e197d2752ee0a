// The 通知 page's state: the outbox status as last loaded, the status filter and page, and the retries in
// flight. Loaded over HTTP and polled (the outbox changes by the dispatcher's rounds, seconds apart).
import { computed, signal } from '@preact/signals';
import { asApiError, type ApiError } from '../../shared/api/error';
import type { OutboxStatus } from '../../shared/api/types';
import type { DashboardApi } from '../api';

export const NOTICE_STATUSES = ['pending', 'sent', 'failed', 'dead'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export const NOTICES_PAGE_SIZE = 20;
export const POLL_MS = 15_000;

/** Roles the server lets send a dead notice again (access.ts notification.retry). */
const RETRIERS = new Set(['site_manager', 'gm', 'admin']);
export const mayRetry = (role: string): boolean => RETRIERS.has(role);

export class NoticesState {
  readonly status = signal<OutboxStatus | null>(null);
  readonly filter = signal<NoticeStatus | null>(null);
  readonly offset = signal(0);
  readonly error = signal<ApiError | null>(null);
  /** Notices whose retry was sent and not yet answered, and those queued again. */
  readonly retrying = signal<ReadonlySet<number>>(new Set());
  readonly retried = signal<ReadonlySet<number>>(new Set());

  /** Totals per status over every channel, and per channel per status. */
  readonly totals = computed(() => {
    const byStatus: Record<NoticeStatus, number> = { pending: 0, sent: 0, failed: 0, dead: 0 };
    const byChannel = new Map<string, Record<NoticeStatus, number>>();
    for (const c of this.status.value?.channels ?? [])
      byChannel.set(c.id, { pending: 0, sent: 0, failed: 0, dead: 0 });
    for (const row of this.status.value?.counts ?? []) {
      byStatus[row.status] += row.count;
      const ch = byChannel.get(row.channel) ?? { pending: 0, sent: 0, failed: 0, dead: 0 };
      ch[row.status] += row.count;
      byChannel.set(row.channel, ch);
    }
    return { byStatus, byChannel };
  });

  get pages(): number {
    return Math.max(1, Math.ceil((this.status.value?.total ?? 0) / NOTICES_PAGE_SIZE));
  }

  constructor(
    private readonly api: DashboardApi,
    private readonly token: () => string | null,
  ) {}

  async load(): Promise<void> {
    const token = this.token();
    if (!token) return;
    try {
      this.status.value = await this.api.outbox(token, {
        status: this.filter.value ?? undefined,
        limit: NOTICES_PAGE_SIZE,
        offset: this.offset.value,
      });
      this.error.value = null;
    } catch (e) {
      this.error.value = asApiError(e);
    }
  }

  async show(filter: NoticeStatus | null, offset = 0): Promise<void> {
    this.filter.value = filter;
    this.offset.value = Math.max(0, offset);
    await this.load();
  }

  async retry(id: number): Promise<void> {
    const token = this.token();
    if (!token || this.retrying.value.has(id)) return;
    this.retrying.value = new Set([...this.retrying.value, id]);
    try {
      await this.api.retryNotice(token, id);
      this.retried.value = new Set([...this.retried.value, id]);
      this.error.value = null;
    } catch (e) {
      this.error.value = asApiError(e);
    } finally {
      const left = new Set(this.retrying.value);
      left.delete(id);
      this.retrying.value = left;
    }
    await this.load();
  }

  /** Loads now and every `everyMs`; returns the stop. */
  poll(everyMs = POLL_MS): () => void {
    void this.load();
    const timer = setInterval(() => void this.load(), everyMs);
    return () => clearInterval(timer);
  }
}
