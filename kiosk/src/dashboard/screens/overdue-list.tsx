// Everyone's overdue loans, the longest late first, a page at a time: what, who holds it and how to reach
// them (the contact as the server masked it for this role), days late. A page is as many rows as the panel
// has room for (measured); on the wall the pages turn by themselves.
import { formatDate } from '../../shared/i18n';
import type { DashboardController } from '../controller';
import { tp } from '../holders/words';
import { daysLate } from '../state/overdue';
import { WALL_PAGE_MS } from '../state/wall';
import { t } from '../words';
import { useRowsThatFit } from './fit';

export function OverdueList({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const page = c.overdue.page.value;
  const offset = c.overdue.offset.value;
  const size = c.overdue.size.value;
  const now = c.now.value;
  const pages = c.overdue.pages;
  const current = Math.floor(offset / size) + 1;
  const list = useRowsThatFit<HTMLOListElement>((rows) => void c.fitOverdue(rows));
  return (
    <section class="panel overdue-panel" aria-label={t(lang, 'overdueList')}>
      <h2>
        {t(lang, 'overdueList')}
        {page && <span class="panel-count">{t(lang, 'overdueTotal', { n: page.total })}</span>}
      </h2>
      <ol class="rows fit" ref={list}>
        {page?.items.length === 0 && <li class="empty">{t(lang, 'noOverdue')}</li>}
        {page?.items.map(({ item, contact }) => (
          <li class="row overdue-row" key={item.id}>
            <span class="late">{t(lang, 'daysLate', { n: daysLate(item.dueAt, now) })}</span>
            <span class="row-main">
              <span class="row-title">{item.dossier?.archiveNo ?? item.barcode}</span>
              <span class="row-sub">{item.property?.name ?? item.title}</span>
            </span>
            <span class="row-side">
              <span class="holder">{item.holder?.name ?? ''}</span>
              <span class="row-sub contact" data-contact>
                {[contact.extension && tp(lang, 'extension', { n: contact.extension }), contact.phone]
                  .filter(Boolean)
                  .join(' · ') || t(lang, 'due', { date: formatDate(item.dueAt) })}
              </span>
            </span>
          </li>
        ))}
      </ol>
      {pages > 1 &&
        (c.wall ? (
          <div class="pager">
            <span>{tp(lang, 'wallPage', { page: current, pages, s: WALL_PAGE_MS / 1000 })}</span>
          </div>
        ) : (
          <div class="pager">
            <button class="btn" disabled={offset === 0} onClick={() => void c.showPage(offset - size)}>
              {t(lang, 'prev')}
            </button>
            <span>{t(lang, 'page', { page: current, pages })}</span>
            <button class="btn" disabled={current >= pages} onClick={() => void c.showPage(offset + size)}>
              {t(lang, 'next')}
            </button>
          </div>
        ))}
    </section>
  );
}
