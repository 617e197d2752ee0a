// Everyone's overdue loans, the longest late first, a page at a time: what, who holds it, days late.
import { formatDate } from '../../shared/i18n';
import type { DashboardController } from '../controller';
import { PAGE_SIZE, daysLate } from '../state/overdue';
import { t } from '../words';

export function OverdueList({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const page = c.overdue.page.value;
  const offset = c.overdue.offset.value;
  const now = c.now.value;
  const pages = c.overdue.pages;
  const current = Math.floor(offset / PAGE_SIZE) + 1;
  return (
    <section class="panel overdue-panel" aria-label={t(lang, 'overdueList')}>
      <h2>
        {t(lang, 'overdueList')}
        {page && <span class="panel-count">{t(lang, 'overdueTotal', { n: page.total })}</span>}
      </h2>
      <ol class="rows">
        {page?.items.length === 0 && <li class="empty">{t(lang, 'noOverdue')}</li>}
        {page?.items.map((item) => (
          <li class="row overdue-row" key={item.id}>
            <span class="late">{t(lang, 'daysLate', { n: daysLate(item.dueAt, now) })}</span>
            <span class="row-main">
              <span class="row-title">{item.dossier?.archiveNo ?? item.barcode}</span>
              <span class="row-sub">{item.property?.name ?? item.title}</span>
            </span>
            <span class="row-side">
              <span class="holder">{item.holder?.name ?? ''}</span>
              <span class="row-sub">{t(lang, 'due', { date: formatDate(item.dueAt) })}</span>
            </span>
          </li>
        ))}
      </ol>
      {pages > 1 && (
        <div class="pager">
          <button class="btn" disabled={offset === 0} onClick={() => void c.showPage(offset - PAGE_SIZE)}>
            {t(lang, 'prev')}
          </button>
          <span>{t(lang, 'page', { page: current, pages })}</span>
          <button class="btn" disabled={current >= pages} onClick={() => void c.showPage(offset + PAGE_SIZE)}>
            {t(lang, 'next')}
          </button>
        </div>
      )}
    </section>
  );
}
