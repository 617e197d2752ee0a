// Who holds what, by person (a page as long as the panel has room for) or by department: how many, since
// when, due when, how many overdue. Choosing a person opens their folders under the row. On the wall the
// person pages turn by themselves and nothing needs a click.
import { formatDate } from '../../shared/i18n';
import type { DashboardController } from '../controller';
import { tp } from '../holders/words';
import { WALL_PAGE_MS } from '../state/wall';
import { t } from '../words';
import { useRowsThatFit } from './fit';

export function HoldersPanel({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const h = c.holders;
  const by = h.by.value;
  const data = h.data.value;
  const size = h.size.value;
  const offset = h.offset.value;
  const pages = h.pages;
  const current = Math.floor(offset / size) + 1;
  const list = useRowsThatFit<HTMLOListElement>((rows) => void c.fitHolders(rows));
  const wall = c.wall;
  return (
    <section class="panel holders-panel" aria-label={tp(lang, 'holders')}>
      <h2>
        {tp(lang, 'holders')}
        {data && (
          <span class="panel-count">
            {by === 'person'
              ? tp(lang, 'holdersTotal', { n: data.total })
              : tp(lang, 'departmentsTotal', { n: data.total })}
          </span>
        )}
        <span class="spacer" />
        {!wall && (
          <span class="switch" role="group">
            {(['person', 'department'] as const).map((b) => (
              <button
                key={b}
                class={`btn small${by === b ? ' on' : ''}`}
                aria-pressed={by === b}
                onClick={() => void c.showHolders(b)}
              >
                {tp(lang, b === 'person' ? 'byPerson' : 'byDepartment')}
              </button>
            ))}
          </span>
        )}
      </h2>
      {/* An opened person's folders may need more room than a page: then the list scrolls. */}
      <ol class={`rows${h.opened.value ? '' : ' fit'}`} ref={list}>
        {data && data.people.length === 0 && data.departments.length === 0 && (
          <li class="empty">{tp(lang, 'noHolders')}</li>
        )}
        {by === 'person' &&
          data?.people.map((p) => {
            const opened = h.opened.value?.userId === p.userId ? h.opened.value : null;
            return (
              <li class={`row holder-row${opened ? ' opened' : ''}`} key={p.userId} data-user={p.userId}>
                <Figures lang={lang} overdue={p.overdue} count={p.count} />
                <span class="row-main">
                  {wall ? (
                    <span class="row-title">{p.name}</span>
                  ) : (
                    <button
                      class="link row-title"
                      aria-expanded={Boolean(opened)}
                      onClick={() => void c.openHolder(p.userId, p.name)}
                    >
                      {p.name}
                    </button>
                  )}
                  <span class="row-sub">{p.department ?? tp(lang, 'noDepartment')}</span>
                </span>
                <Dates lang={lang} since={p.oldestOutAt} due={p.nearestDueAt} />
                {opened && (
                  <ul class="folders" aria-label={tp(lang, 'folders', { name: p.name })}>
                    {!opened.loans && <li class="row-sub">{tp(lang, 'loading')}</li>}
                    {opened.loans?.items.map(({ item }) => (
                      <li key={item.id} class={item.overdue ? 'late-folder' : ''}>
                        <span class="folder-no">{item.dossier?.archiveNo ?? item.barcode}</span>
                        <span class="row-sub">{item.property?.name ?? item.title}</span>
                        <span class="row-sub">{t(lang, 'due', { date: formatDate(item.dueAt) })}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        {by === 'department' &&
          data?.departments.map((d) => (
            <li class="row department-row" key={d.departmentId ?? 'none'}>
              <Figures lang={lang} overdue={d.overdue} count={d.count} />
              <span class="row-main">
                <span class="row-title">{d.department ?? tp(lang, 'noDepartment')}</span>
                <span class="row-sub">{tp(lang, 'people', { n: d.holders })}</span>
              </span>
              <Dates lang={lang} since={d.oldestOutAt} due={d.nearestDueAt} />
            </li>
          ))}
      </ol>
      {by === 'person' && pages > 1 && (
        <div class="pager">
          {wall ? (
            <span>{tp(lang, 'wallPage', { page: current, pages, s: WALL_PAGE_MS / 1000 })}</span>
          ) : (
            <>
              <button
                class="btn"
                disabled={offset === 0}
                onClick={() => void c.showHolders('person', offset - size)}
              >
                {t(lang, 'prev')}
              </button>
              <span>{t(lang, 'page', { page: current, pages })}</span>
              <button
                class="btn"
                disabled={current >= pages}
                onClick={() => void c.showHolders('person', offset + size)}
              >
                {t(lang, 'next')}
              </button>
            </>
          )}
        </div>
      )}
    </section>
  );
}

function Figures({ lang, count, overdue }: { lang: 'zh-CN' | 'en'; count: number; overdue: number }) {
  return (
    <span class="figures">
      <span class="held">{tp(lang, 'held', { n: count })}</span>
      {overdue > 0 && <span class="late">{tp(lang, 'heldOverdue', { n: overdue })}</span>}
    </span>
  );
}

function Dates({ lang, since, due }: { lang: 'zh-CN' | 'en'; since: string | null; due: string | null }) {
  return (
    <span class="row-side">
      <span class="row-sub">{since ? tp(lang, 'since', { date: formatDate(since) }) : ''}</span>
      <span class="row-sub">{due ? tp(lang, 'nearestDue', { date: formatDate(due) }) : ''}</span>
    </span>
  );
}
