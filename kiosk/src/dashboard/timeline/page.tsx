// 档案轨迹: find a folder by 档号, barcode or room (3-2-1502), and read its whole custody history, oldest
// first as an auditor reads a story (and as the chain is verified), with the hash chain's verdict through
// its last row. The question and the folder are kept in the address (#/timeline?q=…&item=…); 打印 prints
// the header and the table alone, black on white, with who printed it and when.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDate, formatTime, pick, type Lang } from '../../shared/i18n';
import type { ChainVerification, FolderTimeline, TimelineEntry } from '../../shared/api/types';
import { ACTIONS } from '../../shared/vocabulary';
import type { DashboardController } from '../controller';
import { ROLE_NAMES } from '../words';
import { TimelineState, type FolderMatch } from './state';
import { STATES, tt } from './words';
import './timeline.css';

const when = (iso: string) => `${formatDate(iso)} ${formatTime(iso, true)}`;

export function TimelinePage({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const state = useMemo(() => new TimelineState(c.api, () => c.token), [c]);
  const params = c.nav.place.value.params;
  const token = c.token;
  const [entry, setEntry] = useState(params.q ?? '');
  const shownQ = useRef(params.q);

  useEffect(() => {
    // The box follows the address when the address changes (back, a link), not over what is being typed.
    if (params.q !== shownQ.current) setEntry(params.q ?? '');
    shownQ.current = params.q;
    void state.follow(params).then(() => {
      // One volume found and none chosen: open it.
      const found = state.matches.value;
      if (!params.item && params.q && found?.length === 1) {
        c.nav.go('timeline', { q: params.q, item: String(found[0]!.id) });
      }
    });
  }, [params.q, params.item, token]);

  const matches = state.matches.value;
  const error = state.error.value;
  return (
    <main class="page tl-page" lang={lang}>
      <form
        class="tl-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const q = entry.trim();
          if (q) c.nav.go('timeline', { q });
        }}
      >
        <h2>{tt(lang, 'title')}</h2>
        <label>
          <span>{tt(lang, 'searchLabel')}</span>
          <input
            type="search"
            value={entry}
            placeholder={tt(lang, 'searchHint')}
            autocomplete="off"
            onInput={(e) => setEntry((e.target as HTMLInputElement).value)}
          />
        </label>
        <button class="btn primary" type="submit" disabled={state.searching.value}>
          {state.searching.value ? tt(lang, 'finding') : tt(lang, 'find')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {tt(lang, 'loadFailed', { message: error.text(lang) })}
        </p>
      )}
      <div class={`tl-body${matches ? ' with-matches' : ''}`}>
        {matches && (
          <Matches
            lang={lang}
            matches={matches}
            more={state.more.value}
            query={state.query.value}
            chosen={state.itemId.value}
            onPick={(id) => c.nav.go('timeline', { q: state.query.value, item: String(id) })}
          />
        )}
        <section class="tl-detail" aria-live="polite">
          {state.loading.value ? (
            <p class="tl-hint">{tt(lang, 'loading')}</p>
          ) : state.timeline.value ? (
            <Folder c={c} lang={lang} t={state.timeline.value} />
          ) : (
            <p class="tl-hint">{tt(lang, matches?.length ? 'pick' : 'start')}</p>
          )}
        </section>
      </div>
    </main>
  );
}

function Matches(props: {
  lang: Lang;
  matches: FolderMatch[];
  more: boolean;
  query: string;
  chosen: number | null;
  onPick: (id: number) => void;
}) {
  const { lang, matches } = props;
  return (
    <nav class="tl-matches" aria-label={tt(lang, 'matches')}>
      <h3>
        {tt(lang, 'matches')} <span class="panel-count">{tt(lang, 'matchCount', { n: matches.length })}</span>
      </h3>
      {matches.length === 0 && <p class="tl-hint">{tt(lang, 'noMatch', { q: props.query })}</p>}
      <ol>
        {matches.map((m) => (
          <li key={m.id}>
            <a
              href={`#/timeline?${new URLSearchParams({ q: props.query, item: String(m.id) })}`}
              aria-current={m.id === props.chosen ? 'true' : undefined}
              onClick={(e) => {
                e.preventDefault();
                props.onPick(m.id);
              }}
            >
              <span class="row-title">
                {m.archiveNo ?? m.barcode} · {tt(lang, 'volume', { n: m.volumeNo })}
              </span>
              <span class="row-sub">
                {[m.title, m.barcode, pick(lang, m.stateLabel), m.property].filter(Boolean).join(' · ')}
              </span>
            </a>
          </li>
        ))}
      </ol>
      {props.more && <p class="tl-hint">{tt(lang, 'more')}</p>}
    </nav>
  );
}

function Folder({ c, lang, t }: { c: DashboardController; lang: Lang; t: FolderTimeline }) {
  const item = t.item;
  const me = c.session.current.value?.me;
  const archiveNo = item.dossier?.archiveNo ?? tt(lang, 'noArchiveNo');
  const printedBy = me
    ? tt(lang, 'printedBy', {
        name: me.displayName,
        role: pick(lang, ROLE_NAMES[me.role] ?? { zh: me.role, en: me.role }),
      })
    : '';
  const printHeader = [
    `${tt(lang, 'printTitle')}：${archiveNo} ${tt(lang, 'volume', { n: item.volumeNo })}`,
    printedBy,
    tt(lang, 'printedAt', { at: when(new Date(c.now.value).toISOString()) }),
  ]
    .filter(Boolean)
    .join('  ');
  const bad = t.verification.verified ? null : t.verification.firstBadSeq;
  return (
    <article class="tl-folder" data-item={item.id}>
      <header class="tl-head">
        <div class="tl-head-main">
          <h3>
            <span class="tl-archive-no">{archiveNo}</span>
            <span class="tl-volume">{tt(lang, 'volume', { n: item.volumeNo })}</span>
          </h3>
          <p class="tl-title">{[item.property?.name, item.title].filter(Boolean).join(' · ')}</p>
        </div>
        <button class="btn tl-print" type="button" onClick={() => window.print?.()}>
          {tt(lang, 'print')}
        </button>
      </header>
      <p class="print-only tl-print-by">
        {printedBy} {tt(lang, 'printedAt', { at: when(new Date(c.now.value).toISOString()) })}{' '}
        {tt(lang, 'readAt', { at: when(t.at) })}
      </p>
      <dl class="tl-facts">
        <Fact label={tt(lang, 'barcode')} value={item.barcode} />
        <Fact label={tt(lang, 'state')} value={pick(lang, item.stateLabel)} />
        <Fact label={tt(lang, 'where')} value={item.location?.label ?? item.location?.code ?? '—'} />
        {item.holder && <Fact label={tt(lang, 'holder')} value={item.holder.name ?? '—'} />}
        {item.dueAt && <Fact label={tt(lang, 'dueAt')} value={formatDate(item.dueAt)} />}
        {item.owner && <Fact label={tt(lang, 'owner')} value={item.owner} />}
      </dl>
      <Verdict lang={lang} v={t.verification} />
      <h4 class="tl-rows-title">
        {tt(lang, 'rows', { n: t.entries.length })}
        {t.more && <span class="tl-hint"> {tt(lang, 'rowsMore', { n: t.entries.length })}</span>}
      </h4>
      <table class="tl-table">
        <thead>
          <tr class="print-only-row">
            <th colSpan={8}>{printHeader}</th>
          </tr>
          <tr>
            <th>{tt(lang, 'seq')}</th>
            <th>{tt(lang, 'time')}</th>
            <th>{tt(lang, 'action')}</th>
            <th>{tt(lang, 'actor')}</th>
            <th>{tt(lang, 'fromTo')}</th>
            <th>{tt(lang, 'reason')}</th>
            <th>{tt(lang, 'station')}</th>
            <th>{tt(lang, 'hash')}</th>
          </tr>
        </thead>
        <tbody>
          {t.entries.map((e) => (
            <Row key={e.seq} e={e} lang={lang} bad={bad !== null && e.seq >= bad} />
          ))}
        </tbody>
      </table>
    </article>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function Verdict({ lang, v }: { lang: Lang; v: ChainVerification }) {
  if (v.verified) {
    return (
      <div class="tl-verdict ok" role="status" data-verified="true">
        <strong>✔ {tt(lang, 'verified', { n: v.throughSeq })}</strong>
        <span>{tt(lang, 'verifiedDetail', { n: v.throughSeq })}</span>
      </div>
    );
  }
  const why = v.problem === 'gap' ? 'failedGap' : v.problem === 'prev_hash' ? 'failedPrev' : 'failedHash';
  return (
    <div class="tl-verdict bad" role="alert" data-verified="false">
      <strong>✖ {tt(lang, 'failed', { n: v.firstBadSeq })}</strong>
      <span>
        {tt(lang, why, { n: v.firstBadSeq })}
        {lang === 'zh-CN' ? '。' : '. '}
        {tt(lang, 'failedAdvice', { ok: v.throughSeq })}
      </span>
    </div>
  );
}

/** One side of a move: the shelf as people name it, else the holder, else the state. */
function side(lang: Lang, e: TimelineEntry, which: 'from' | 'to'): string {
  const place = which === 'from' ? e.fromLocation : e.toLocation;
  const holder = which === 'from' ? e.fromHolder : e.toHolder;
  const state = which === 'from' ? e.fromState : e.toState;
  if (place) return place.label || place.code;
  if (holder) return `${pick(lang, STATES.holder)}${lang === 'en' ? ' ' : ''}${holder.name ?? ''}`;
  return state ? pick(lang, STATES[state]) || state : '—';
}

function stationOf(lang: Lang, e: TimelineEntry): string {
  if (e.stationName) return e.stationName;
  if (e.station === 'web') return tt(lang, 'web');
  return e.station ?? '—';
}

function Row({ e, lang, bad }: { e: TimelineEntry; lang: Lang; bad: boolean }) {
  const note = [e.reason, e.approvalRef ? tt(lang, 'approval', { ref: e.approvalRef }) : null]
    .filter(Boolean)
    .join(lang === 'zh-CN' ? '；' : '; ');
  return (
    <tr class={`tl-row tl-${e.action}${bad ? ' bad' : ''}`} data-seq={e.seq}>
      <td class="num">{e.seq}</td>
      <td class="num">{when(e.at)}</td>
      <td>
        <span class="tag">{pick(lang, ACTIONS[e.action] ?? e.toStateLabel)}</span>
        {bad && <span class="tl-unverified">{tt(lang, 'unverified')}</span>}
      </td>
      <td>{e.actor?.name ?? '—'}</td>
      <td>
        {side(lang, e, 'from')} → {side(lang, e, 'to')}
      </td>
      <td class="tl-note">{note || '—'}</td>
      <td>{stationOf(lang, e)}</td>
      <td class="tl-hash" title={e.hash}>
        {e.hash.slice(0, 12)}
      </td>
    </tr>
  );
}
