// 通知: what the notification outbox has sent, is waiting to send, is retrying and gave up on: counts per
// status and channel, the recent notices (titles only up to the record they name, addresses masked), a
// filter by status, and 重新发送 for a dead notice (site managers, the general manager, admins). Polled
// every 15 seconds while the page is open.
import { useEffect, useMemo } from 'preact/hooks';
import { formatDate, formatTime, type Lang } from '../../shared/i18n';
import type { NoticeSummary } from '../../shared/api/types';
import type { DashboardController } from '../controller';
import { NOTICE_STATUSES, NOTICES_PAGE_SIZE, NoticesState, mayRetry, type NoticeStatus } from './state';
import { tn, type NoticeWord } from './words';

const when = (iso: string) => `${formatDate(iso)} ${formatTime(iso)}`;

function Counts({ s, lang }: { s: NoticesState; lang: Lang }) {
  const { byStatus } = s.totals.value;
  const filter = s.filter.value;
  return (
    <div class="notice-counts" role="group" aria-label={tn(lang, 'filter')}>
      <button
        class={`notice-count status-all${filter === null ? ' chosen' : ''}`}
        aria-pressed={filter === null}
        onClick={() => void s.show(null)}
      >
        <span class="count-value">{Object.values(byStatus).reduce((a, b) => a + b, 0)}</span>
        <span class="count-label">{tn(lang, 'all')}</span>
      </button>
      {NOTICE_STATUSES.map((st) => (
        <button
          key={st}
          class={`notice-count status-${st}${filter === st ? ' chosen' : ''}${byStatus[st] > 0 ? ' nonzero' : ''}`}
          aria-pressed={filter === st}
          onClick={() => void s.show(st)}
        >
          <span class="count-value">{byStatus[st]}</span>
          <span class="count-label">{tn(lang, st)}</span>
        </button>
      ))}
    </div>
  );
}

function Channels({ s, lang }: { s: NoticesState; lang: Lang }) {
  const channels = s.status.value?.channels ?? [];
  const { byChannel } = s.totals.value;
  return (
    <section class="panel" aria-label={tn(lang, 'byChannel')}>
      <h2>{tn(lang, 'byChannel')}</h2>
      {channels.length === 0 && <p class="empty">{tn(lang, 'noChannels')}</p>}
      {channels.length > 0 && (
        <table class="notice-channels">
          <thead>
            <tr>
              <th>{tn(lang, 'channel')}</th>
              {NOTICE_STATUSES.map((st) => (
                <th key={st} class={`status-${st}`}>
                  {tn(lang, st)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.id}>
                <td>
                  <span class="row-title">{c.id}</span>
                  <span class="row-sub">{tn(lang, c.kind as NoticeWord)}</span>
                </td>
                {NOTICE_STATUSES.map((st) => {
                  const n = byChannel.get(c.id)?.[st] ?? 0;
                  return (
                    <td key={st} class={n > 0 ? `status-${st} nonzero` : 'zero'}>
                      {n}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function NoticeRow({ n, s, lang, retry }: { n: NoticeSummary; s: NoticesState; lang: Lang; retry: boolean }) {
  const busy = s.retrying.value.has(n.id);
  const about =
    n.about.kind === 'other' ? tn(lang, 'other') : tn(lang, n.about.kind, { ref: n.about.ref ?? '' });
  const times = [
    n.sentAt
      ? tn(lang, 'sentAt', { time: when(n.sentAt) })
      : tn(lang, 'createdAt', { time: when(n.createdAt) }),
    n.nextAttemptAt && n.attempts > 0 ? tn(lang, 'nextAt', { time: when(n.nextAttemptAt) }) : null,
  ].filter(Boolean);
  return (
    <li class={`row notice-row status-${n.status}`} data-notice={n.id}>
      <span class={`tag status-tag status-${n.status}`}>{tn(lang, n.status)}</span>
      <span class="row-main">
        <span class="row-title">
          <span class="notice-about">{about}</span>
          {n.preview}
        </span>
        <span class="row-sub">
          {n.channel}（{tn(lang, n.channelKind as NoticeWord)}）
          {n.recipients.length > 0 && (
            <>
              {' '}
              · {n.recipients.slice(0, 2).join('、')}
              {n.recipients.length > 2 ? ` · ${tn(lang, 'recipients', { n: n.recipients.length })}` : ''}
            </>
          )}
        </span>
        {n.lastError && n.status !== 'sent' && <span class="row-sub notice-error">{n.lastError}</span>}
      </span>
      <span class="row-side">
        <span class="row-sub">{tn(lang, 'attempts', { n: n.attempts })}</span>
        {times.map((x) => (
          <span class="row-sub" key={x}>
            {x}
          </span>
        ))}
      </span>
      {n.status === 'dead' && retry && (
        <button class="btn primary" disabled={busy} onClick={() => void s.retry(n.id)}>
          {busy ? tn(lang, 'retrying') : tn(lang, 'retry')}
        </button>
      )}
    </li>
  );
}

export function NoticesPage({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const s = useMemo(() => new NoticesState(c.api, () => c.token), [c]);
  useEffect(() => s.poll(), [s]);
  const role = c.session.current.value?.me.role ?? '';
  const retry = mayRetry(role);
  const status = s.status.value;
  const error = s.error.value;
  const offset = s.offset.value;
  const current = Math.floor(offset / NOTICES_PAGE_SIZE) + 1;
  const pages = s.pages;

  if (!status && error?.status === 403) {
    return (
      <main class="page notices-page">
        <h2>{tn(lang, 'title')}</h2>
        <p class="empty">{tn(lang, 'refused')}</p>
      </main>
    );
  }
  return (
    <main class="page notices-page">
      <div class="notices-head">
        <h2>{tn(lang, 'title')}</h2>
        {status && <span class="row-sub">{tn(lang, 'updated', { time: formatTime(status.at, true) })}</span>}
        {!retry && <span class="notice-readonly">{tn(lang, 'readOnly')}</span>}
      </div>
      {error && status && (
        <p class="notice-alert" role="alert">
          {error.text(lang)}
        </p>
      )}
      <Counts s={s} lang={lang} />
      <div class="notices-panels">
        <Channels s={s} lang={lang} />
        <section class="panel" aria-label={tn(lang, 'recent')}>
          <h2>
            {tn(lang, 'recent')}
            {status && <span class="panel-count">{tn(lang, 'total', { n: status.total })}</span>}
          </h2>
          <ol class="rows">
            {status?.notices.length === 0 && <li class="empty">{tn(lang, 'none')}</li>}
            {status?.notices.map((n) => (
              <NoticeRow key={n.id} n={n} s={s} lang={lang} retry={retry} />
            ))}
          </ol>
          {pages > 1 && (
            <div class="pager">
              <button
                class="btn"
                disabled={offset === 0}
                onClick={() => void s.show(s.filter.value, offset - NOTICES_PAGE_SIZE)}
              >
                {tn(lang, 'prev')}
              </button>
              <span>{tn(lang, 'page', { page: current, pages })}</span>
              <button
                class="btn"
                disabled={current >= pages}
                onClick={() => void s.show(s.filter.value as NoticeStatus | null, offset + NOTICES_PAGE_SIZE)}
              >
                {tn(lang, 'next')}
              </button>
            </div>
          )}
        </section>
      </div>
    </main>
  );
}
