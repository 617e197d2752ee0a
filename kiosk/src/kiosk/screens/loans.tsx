// Everyone's loans, over the operator's screen, for a role that may see them: a page at a time, soonest
// due first, overdue marked, the holder named. A chunk of its own: most operators never open it.
import { formatDate } from '../../shared/i18n';
import type { KioskController } from '../controller';
import { t } from '../words';

type P = { c: KioskController };

export function AllLoans({ c }: P) {
  const lang = c.lang.value;
  const { loans } = c;
  const page = loans.page.value;
  const error = loans.error.value;
  const index = loans.index.value;
  const pages = loans.pages;
  return (
    <section class="all-loans" role="dialog" aria-labelledby="all-loans-title">
      <div class="all-loans-head">
        <h2 id="all-loans-title">
          {t(lang, 'allLoansTitle')}
          {page && <span class="muted">{t(lang, 'allLoansTotal', { n: page.total })}</span>}
        </h2>
        <button class="btn" onClick={() => loans.close()}>
          {t(lang, 'back')}
        </button>
      </div>
      <div class="all-loans-body">
        {error ? (
          <p class="outcome outcome-refusal" role="alert">
            {error(lang)}
          </p>
        ) : !page ? (
          <p class="muted">{t(lang, 'loading')}</p>
        ) : page.items.length === 0 ? (
          <p class="muted">{t(lang, 'noLoans')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t(lang, 'archiveNo')}</th>
                <th>{t(lang, 'property')}</th>
                <th>{t(lang, 'holder')}</th>
                <th>{t(lang, 'dueAt')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((i) => (
                <tr key={i.id} class={i.overdue ? 'overdue-text' : ''}>
                  <td>{i.dossier?.archiveNo ?? i.barcode}</td>
                  <td>{i.property?.name ?? i.title}</td>
                  <td>{i.holder?.name ?? '–'}</td>
                  <td>
                    {formatDate(i.dueAt)}
                    {i.overdue && <span class="overdue-tag">{t(lang, 'overdueTag')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div class="all-loans-pager">
        <button class="btn" disabled={index === 0 || loans.loading.value} onClick={() => loans.previous()}>
          {t(lang, 'prevPage')}
        </button>
        <span class="page-of">{t(lang, 'pageOf', { p: index + 1, n: pages })}</span>
        <button class="btn" disabled={index + 1 >= pages || loans.loading.value} onClick={() => loans.next()}>
          {t(lang, 'nextPage')}
        </button>
      </div>
    </section>
  );
}
