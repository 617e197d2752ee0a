// The operator's screen: mode (one folder or a batch), the scan field, the camera button, the warning for an
// overdue borrower, the result of the last scan or action, the folder or the batch, and beside them what the
// operator holds (and, for a role that may, the way to everyone's loans).
import { useRef } from 'preact/hooks';
import { formatDate } from '../../shared/i18n';
import { lazyComponent } from '../../shared/lazy';
import type { KioskController } from '../controller';
import { seesAllLoans } from '../state/loans';
import type { Outcome } from '../state/outcome';
import { t } from '../words';
import { BatchPanel } from './batch';
import { Feed } from './feed-list';
import { SingleFolder } from './folder';

type P = { c: KioskController };

/** Everyone's loans: fetched when an archivist first opens it. */
export const AllLoans = lazyComponent<P>(() => import('./loans').then((m) => m.AllLoans));

/** A count after a heading: full-width brackets in Chinese. */
const count = (lang: string, n: number) => (lang === 'en' ? ` (${n})` : `（${n}）`);

/** How many overdue folders the warning names (the count covers them all). */
const OVERDUE_NAMED = 3;

export function Operator({ c }: P) {
  const lang = c.lang.value;
  const mode = c.mode.value;
  return (
    <main class="layout operator">
      <section class="main-panel work">
        <div class="toolbar">
          <div class="segmented" role="group" aria-label={t(lang, 'modeLabel')}>
            <button class="btn" aria-pressed={mode === 'single'} onClick={() => c.setMode('single')}>
              {t(lang, 'single')}
            </button>
            <button class="btn" aria-pressed={mode === 'batch'} onClick={() => c.setMode('batch')}>
              {t(lang, 'batch')}
            </button>
          </div>
          <ScanForm c={c} />
          <button class="btn camera-btn" onClick={() => c.openCamera(true)}>
            <CameraIcon /> {t(lang, 'camera')}
          </button>
        </div>
        <OutcomePanel c={c} outcome={c.outcome.outcome.value} />
        {mode === 'single' ? <SingleFolder c={c} /> : <BatchPanel c={c} />}
      </section>
      <aside class="side">
        <Holdings c={c} />
        <Feed c={c} />
      </aside>
      {c.loans.open.value && <AllLoans c={c} />}
    </main>
  );
}

const overdueOf = (c: KioskController) => {
  const overdue = c.session.me.value?.overdue;
  return overdue && overdue.count > 0 ? overdue : null;
};

/** Said at once after sign-in: the operator holds folders past due (and may not borrow, by policy). */
function OverdueWarning({ c }: P) {
  const lang = c.lang.value;
  const overdue = overdueOf(c);
  if (!overdue) return null;
  const named = overdue.items
    .slice(0, OVERDUE_NAMED)
    .map((i) => t(lang, 'overdueItem', { title: i.title, date: formatDate(i.dueAt) }));
  const more = overdue.count > named.length ? t(lang, 'overdueMore', { n: overdue.count }) : '';
  return (
    <div class="outcome overdue-warning" role="alert">
      <span class="overdue-warning-icon" aria-hidden="true">
        !
      </span>
      <div>
        <div class="overdue-warning-title">{t(lang, 'overdueWarning', { n: overdue.count })}</div>
        <div class="overdue-warning-items">
          {named.join(lang === 'en' ? '; ' : '、')}
          {more && (lang === 'en' ? ` (${more})` : more)}
        </div>
        {overdue.blocksNewLoans && <div class="overdue-warning-block">{t(lang, 'overdueBlocks')}</div>}
      </div>
    </div>
  );
}

function ScanForm({ c }: P) {
  const lang = c.lang.value;
  const input = useRef<HTMLInputElement>(null);
  return (
    <form
      class="scan-form"
      onSubmit={(e) => {
        e.preventDefault();
        const value = input.current?.value ?? '';
        if (input.current) input.current.value = '';
        if (value.trim()) c.scan(value, 'typed');
      }}
    >
      <label>
        <span class="visually-hidden">{t(lang, 'folderBarcode')}</span>
        <input
          ref={input}
          name="barcode"
          placeholder={t(lang, 'scanFolder')}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
        />
      </label>
      <button class="btn" type="submit">
        {t(lang, 'lookUp')}
      </button>
    </form>
  );
}

function OutcomePanel({ c, outcome }: P & { outcome: Outcome | null }) {
  const lang = c.lang.value;
  // The overdue warning takes the reserved result box while it is empty: seen at once, and nothing moves.
  if (!outcome && !c.ctx.busy.value && overdueOf(c)) return <OverdueWarning c={c} />;
  if (!outcome)
    return (
      <div class="outcome outcome-none" aria-live="polite">
        {c.ctx.busy.value ? t(lang, 'working') : hint(c)}
      </div>
    );
  const item = outcome.item;
  return (
    <div class={`outcome outcome-${outcome.tone}`} role={outcome.tone === 'refusal' ? 'alert' : 'status'}>
      <span class="outcome-icon" aria-hidden="true">
        {outcome.tone === 'success' ? '✓' : outcome.tone === 'refusal' ? '✕' : 'i'}
      </span>
      <div>
        <div class="outcome-title">{outcome.title(lang)}</div>
        {outcome.detail && <div class="outcome-detail">{outcome.detail(lang)}</div>}
        {item && (
          <div class="outcome-item">
            {item.dossier?.archiveNo ?? item.barcode} · {item.property?.name ?? item.title}
          </div>
        )}
      </div>
    </div>
  );
}

/** What to do next, in the reserved result box while there is no result. */
function hint(c: KioskController): string {
  const lang = c.lang.value;
  if (c.mode.value === 'batch') return t(lang, 'batchEmpty');
  const action = c.folder.action();
  return t(lang, action === 'out' ? 'hintOut' : action === 'in' ? 'hintIn' : 'scanFolder');
}

function Holdings({ c }: P) {
  const lang = c.lang.value;
  const items = c.circulation.holdings.value;
  return (
    <section class="holdings" aria-label={t(lang, 'myHoldings')}>
      <h2>
        {t(lang, 'myHoldings')}
        <span class="muted">{count(lang, c.circulation.holdingsTotal.value)}</span>
        {seesAllLoans(c.session.me.value) && (
          <button class="btn all-loans-btn" onClick={() => c.loans.show()}>
            {t(lang, 'allLoans')}
          </button>
        )}
      </h2>
      <ul>
        {items.length === 0 && <li class="muted">{t(lang, 'noHoldings')}</li>}
        {items.slice(0, 5).map((i) => (
          <li key={i.id} class={i.overdue ? 'overdue-text' : ''}>
            <span>{i.dossier?.archiveNo ?? i.barcode}</span>
            <span class="holding-due">
              {t(lang, 'dueAt')} {formatDate(i.dueAt)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CameraIcon() {
  return (
    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
      <path
        d="M4 7h3l2-3h6l2 3h3v13H4z"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linejoin="round"
      />
      <circle cx="12" cy="13" r="4" fill="none" stroke="currentColor" stroke-width="2" />
    </svg>
  );
}
