// The door kiosk's screens: setup (pairing), idle, PIN pad, operator (single folder or batch), receipt.
// All state lives in KioskController; these components only render its signals and call its methods.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { ItemView, Lang } from './api';
import type { BatchRow, FeedRow, KioskController, Outcome } from './controller';
import {
  ACTIONS,
  FOLDER_GROUPS,
  INSPECTIONS,
  PURPOSES,
  formatDate,
  formatLongDate,
  formatTime,
  pick,
  t,
  type Key,
} from './i18n';

type P = { c: KioskController };

export function KioskApp({ c }: P) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => c.handleKey(e);
    const onPointer = () => c.touch();
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onPointer, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPointer, true);
    };
  }, [c]);
  const lang = c.lang.value;
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const screen = c.screen.value;
  return (
    <div class={`kiosk screen-${screen}`}>
      <Header c={c} />
      {screen === 'setup' && <Setup c={c} />}
      {screen === 'idle' && <Idle c={c} />}
      {screen === 'pin' && <PinPad c={c} />}
      {screen === 'operator' && <Operator c={c} />}
      {screen === 'receipt' && <ReceiptScreen c={c} />}
      {c.cameraOpen.value && screen === 'operator' && <CameraOverlay c={c} />}
      {screen === 'operator' && <SwitchPrompt c={c} />}
      {screen !== 'setup' && <AlarmFlash c={c} />}
      <ConnectionBanner c={c} />
    </div>
  );
}

function Header({ c }: P) {
  const lang = c.lang.value;
  const station = c.station.value;
  const me = c.me.value;
  const screen = c.screen.value;
  return (
    <header class="bar">
      <div class="bar-title">
        <span class="brand">档案</span>
        <span class="station-name">{station?.name ?? t(lang, 'appName')}</span>
        {c.summary.value?.demo && (
          <span class="demo-badge" role="status">
            {t(lang, 'demo')}
          </span>
        )}
      </div>
      {screen === 'operator' && me && (
        <div class="bar-operator">
          <span class="operator-name">{t(lang, 'hello', { name: me.displayName })}</span>
          <span class="countdown" aria-live="off">
            {t(lang, 'autoSignOut', { s: c.secondsLeft.value })}
          </span>
          <button class="btn btn-primary" onClick={() => void c.signOut('done')}>
            {t(lang, 'done')}
          </button>
          <button class="btn" onClick={() => void c.signOut('signout')}>
            {t(lang, 'signOut')}
          </button>
        </div>
      )}
      {screen !== 'idle' && <span class="bar-clock">{formatTime(c.now.value)}</span>}
      <button
        class="btn lang-switch"
        onClick={() => c.toggleLang()}
        aria-label={t(lang, 'switchLangLabel')}
        lang={lang === 'zh-CN' ? 'en' : 'zh-CN'}
      >
        {t(lang, 'switchLang')}
      </button>
    </header>
  );
}

function ConnectionBanner({ c }: P) {
  const lost = c.screen.value !== 'setup' && (c.connection.value === 'lost' || c.unreachable.value);
  return (
    <div class={`offline-banner${lost ? ' shown' : ''}`} role="alert" aria-hidden={!lost}>
      {lost ? t(c.lang.value, 'offline') : ''}
    </div>
  );
}

function AlarmFlash({ c }: P) {
  const lang = c.lang.value;
  const alarm = c.alarmFlash.value;
  if (!alarm) return null;
  return (
    <div class="alarm-flash" role="alert">
      <span class="alarm-flash-icon" aria-hidden="true">
        !
      </span>
      <div class="alarm-flash-text">
        <div class="alarm-flash-title">
          {t(lang, 'alarm')} · {pick(lang, alarm.label)}
        </div>
        <div>
          {[alarm.archiveNo, alarm.barcode, alarm.place, formatTime(alarm.at)].filter(Boolean).join(' · ')}
        </div>
      </div>
      <button class="btn" onClick={() => c.dismissAlarm()}>
        {t(lang, 'close')}
      </button>
    </div>
  );
}

/** A different person's badge mid-session: switch to them (the current operator is signed out) or stay. */
function SwitchPrompt({ c }: P) {
  const lang = c.lang.value;
  const badge = c.switchTo.value;
  if (!badge) return null;
  return (
    <div
      class="switch-prompt"
      role="alertdialog"
      aria-labelledby="switch-title"
      aria-describedby="switch-detail"
    >
      <div class="switch-prompt-title" id="switch-title">
        {t(lang, 'switchOperator')}
      </div>
      <div class="switch-prompt-detail" id="switch-detail">
        {t(lang, 'switchDetail', { badge, name: c.me.value?.displayName ?? '' })}
      </div>
      <div class="switch-prompt-actions">
        <button class="btn btn-big btn-primary" onClick={() => void c.confirmSwitch(true)}>
          {t(lang, 'switchYes')}
        </button>
        <button class="btn btn-big" onClick={() => void c.confirmSwitch(false)}>
          {t(lang, 'switchNo')}
        </button>
      </div>
    </div>
  );
}

// ------------------------------------------------------------------ setup

function Setup({ c }: P) {
  const lang = c.lang.value;
  const user = useRef<HTMLInputElement>(null);
  const pass = useRef<HTMLInputElement>(null);
  const error = c.setupError.value;
  return (
    <main class="setup">
      <h1>{t(lang, 'setupTitle')}</h1>
      <p class="muted">{t(lang, 'setupIntro')}</p>
      {error && (
        <p class="form-error" role="alert">
          {error(lang)}
        </p>
      )}
      {c.setupStep.value === 'login' ? (
        <form
          class="setup-form"
          onSubmit={(e) => {
            e.preventDefault();
            void c.setupLogin(user.current?.value ?? '', pass.current?.value ?? '');
          }}
        >
          <label>
            {t(lang, 'username')}
            <input ref={user} name="username" autoComplete="username" autoCapitalize="off" required />
          </label>
          <label>
            {t(lang, 'password')}
            <input ref={pass} name="password" type="password" autoComplete="current-password" required />
          </label>
          <button class="btn btn-primary btn-big" type="submit" disabled={c.busy.value}>
            {t(lang, 'signIn')}
          </button>
        </form>
      ) : (
        <section class="setup-stations" aria-label={t(lang, 'chooseStation')}>
          <h2>{t(lang, 'chooseStation')}</h2>
          {c.setupStations.value.length === 0 && <p>{t(lang, 'noStations')}</p>}
          <ul>
            {c.setupStations.value.map((s) => (
              <li key={s.id}>
                <button
                  class="btn btn-big station-choice"
                  disabled={c.busy.value}
                  onClick={() => void c.pair(s.id)}
                >
                  <strong>{s.name}</strong>
                  <span class="muted">
                    {s.id}
                    {s.room ? ` · ${s.room}` : ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <button class="btn" onClick={() => c.cancelSetup()}>
            {t(lang, 'back')}
          </button>
        </section>
      )}
    </main>
  );
}

// ------------------------------------------------------------------ idle

function Idle({ c }: P) {
  const lang = c.lang.value;
  const other: Lang = lang === 'zh-CN' ? 'en' : 'zh-CN';
  const now = c.now.value;
  const notice = c.notice.value;
  return (
    <main class="layout idle">
      <section class="main-panel idle-main">
        <div class="clock" aria-label={formatTime(now)}>
          {formatTime(now)}
        </div>
        <div class="date">{formatLongDate(lang, now)}</div>
        <div class="prompt">
          <BadgeIcon />
          <div>
            <div class="prompt-main">{t(lang, 'scanBadge')}</div>
            <div class="prompt-other" lang={other}>
              {t(other, 'scanBadge')}
            </div>
          </div>
        </div>
        <p class="muted">{t(lang, 'scanBadgeHint')}</p>
        <BadgeEntry c={c} />
        <p class="notice" role="status">
          {notice ? notice(lang) : ''}
        </p>
      </section>
      <aside class="side">
        <Counts c={c} />
        <Feed c={c} />
      </aside>
    </main>
  );
}

function BadgeEntry({ c }: P) {
  const lang = c.lang.value;
  const input = useRef<HTMLInputElement>(null);
  const typing = c.typingBadge.value;
  useEffect(() => {
    if (typing) input.current?.focus();
  }, [typing]);
  if (!typing)
    return (
      <button class="btn btn-big" onClick={() => c.showBadgeEntry(true)}>
        {t(lang, 'typeBadge')}
      </button>
    );
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const value = input.current?.value ?? '';
        if (value.trim()) c.startBadge(value);
      }}
    >
      <label>
        <span class="visually-hidden">{t(lang, 'badgeNumber')}</span>
        <input
          ref={input}
          name="badge"
          placeholder={t(lang, 'badgeNumber')}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
        />
      </label>
      <button class="btn btn-primary" type="submit">
        {t(lang, 'next')}
      </button>
      <button class="btn" type="button" onClick={() => c.showBadgeEntry(false)}>
        {t(lang, 'cancel')}
      </button>
    </form>
  );
}

function Counts({ c }: P) {
  const lang = c.lang.value;
  const s = c.summary.value;
  const cell = (key: Key, value: number | undefined, tone: string) => (
    <div class={`count count-${tone}`}>
      <span class="count-value">{value ?? '–'}</span>
      <span class="count-label">{t(lang, key)}</span>
    </div>
  );
  return (
    <section class="counts" aria-label={t(lang, 'state')}>
      {cell('inPlace', s?.counts.inPlace, 'in')}
      {cell('out', s?.counts.out, 'out')}
      {cell('overdue', s?.counts.overdue, 'overdue')}
      {cell('missing', s?.counts.missing, 'missing')}
      <div class={`alarms-line${(s?.openAlarms ?? 0) > 0 ? ' has-alarms' : ''}`}>
        {t(lang, 'openAlarms')}
        <strong>{s?.openAlarms ?? '–'}</strong>
      </div>
    </section>
  );
}

function Feed({ c }: P) {
  const lang = c.lang.value;
  const rows = c.feed.value;
  return (
    <section class="feed" aria-label={t(lang, 'recent')}>
      <h2>{t(lang, 'recent')}</h2>
      <ol aria-live="polite">
        {rows.length === 0 && <li class="feed-empty">{t(lang, 'noEvents')}</li>}
        {rows.map((r) => (
          <FeedItem key={r.key} row={r} lang={lang} />
        ))}
      </ol>
    </section>
  );
}

function FeedItem({ row, lang }: { row: FeedRow; lang: Lang }) {
  const tag =
    row.kind === 'alarm'
      ? row.resolved
        ? t(lang, 'resolved')
        : t(lang, 'alarm')
      : pick(lang, ACTIONS[row.action ?? ''] ?? row.label);
  const tone = row.kind === 'alarm' ? (row.resolved ? 'muted' : 'alarm') : (row.action ?? 'other');
  return (
    <li class={`feed-row feed-${tone}`}>
      <span class="feed-time">{formatTime(row.at)}</span>
      <span class="feed-tag">{tag}</span>
      <span class="feed-text">
        <span class="feed-main">
          {row.kind === 'alarm' ? pick(lang, row.label) : (row.archiveNo ?? row.barcode ?? '')}
        </span>
        <span class="feed-sub">
          {[
            row.kind === 'alarm' ? (row.archiveNo ?? row.barcode) : row.place,
            row.kind === 'alarm' ? row.place : row.who,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </span>
    </li>
  );
}

function BadgeIcon() {
  return (
    <svg class="badge-icon" viewBox="0 0 64 64" aria-hidden="true">
      <rect x="10" y="6" width="44" height="52" rx="6" fill="none" stroke="currentColor" stroke-width="4" />
      <circle cx="32" cy="26" r="8" fill="currentColor" />
      <path d="M18 48c2-8 8-11 14-11s12 3 14 11" fill="none" stroke="currentColor" stroke-width="4" />
    </svg>
  );
}

// ------------------------------------------------------------------ PIN pad

function PinPad({ c }: P) {
  const lang = c.lang.value;
  const pin = c.pin.value;
  const error = c.pinError.value;
  const pad = useRef<HTMLDivElement>(null);
  useEffect(() => pad.current?.focus(), []);
  const slots = Math.max(4, pin.length);
  const digit = (d: string) => (
    <button key={d} class="btn key" onClick={() => c.pinDigit(d)} disabled={c.busy.value}>
      {d}
    </button>
  );
  return (
    <main class="pin-screen">
      <div class="pin-panel" ref={pad} tabIndex={-1} aria-labelledby="pin-title">
        <h1 id="pin-title">{t(lang, 'enterPin')}</h1>
        <p class="muted">{t(lang, 'pinFor', { badge: c.badge.value ?? '' })}</p>
        <div class="pin-dots" aria-label={t(lang, 'pinDigits', { n: pin.length })} role="img">
          {Array.from({ length: slots }, (_, i) => (
            <span class={i < pin.length ? 'dot filled' : 'dot'} key={i} />
          ))}
        </div>
        <p class="form-error" role="alert">
          {error ? error(lang) : c.busy.value ? t(lang, 'signingIn') : ''}
        </p>
        <div class="keys" role="group" aria-label={t(lang, 'enterPin')}>
          {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(digit)}
          <button class="btn key key-fn" onClick={() => c.pinClear()}>
            {t(lang, 'clear')}
          </button>
          {digit('0')}
          <button class="btn key key-fn" onClick={() => c.pinDelete()} aria-label={t(lang, 'del')}>
            ⌫
          </button>
        </div>
        <div class="pin-actions">
          <button class="btn btn-big" onClick={() => c.toIdle()}>
            {t(lang, 'cancel')}
          </button>
          <button
            class="btn btn-big btn-primary"
            onClick={() => void c.submitPin()}
            disabled={c.busy.value || pin.length < 4}
          >
            {t(lang, 'ok')}
          </button>
        </div>
      </div>
    </main>
  );
}

// ------------------------------------------------------------------ operator

function Operator({ c }: P) {
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
        <OutcomePanel c={c} outcome={c.outcome.value} />
        {mode === 'single' ? <SingleFolder c={c} /> : <BatchPanel c={c} />}
      </section>
      <aside class="side">
        <Holdings c={c} />
        <Feed c={c} />
      </aside>
    </main>
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
  if (!outcome)
    return (
      <div class="outcome outcome-none" aria-live="polite">
        {c.busy.value ? t(lang, 'working') : hint(c)}
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
  const action = c.actionFor(c.current.value);
  return t(lang, action === 'out' ? 'hintOut' : action === 'in' ? 'hintIn' : 'scanFolder');
}

function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ItemFacts({ item, lang }: { item: ItemView; lang: Lang }) {
  const group = item.folderGroup ? FOLDER_GROUPS[item.folderGroup] : undefined;
  return (
    <dl class="facts">
      <Field label={t(lang, 'property')}>
        {item.property?.name ?? '—'}
        {item.property?.ref && <span class="muted"> {item.property.ref}</span>}
      </Field>
      <Field label={t(lang, 'owner')}>{item.owner ?? '—'}</Field>
      <Field label={t(lang, 'group')}>
        {group ? pick(lang, group) : (item.folderGroup ?? item.title)}
        {item.volumeNo > 1 && <span class="muted"> #{item.volumeNo}</span>}
      </Field>
      <Field label={t(lang, 'holder')}>{item.holder?.name ?? '—'}</Field>
      {item.dueAt && (
        <Field label={t(lang, 'dueAt')}>
          <span class={item.overdue ? 'overdue-text' : ''}>{formatDate(item.dueAt)}</span>
        </Field>
      )}
      {!item.dueAt && item.dueIfCheckedOut && (
        <Field label={t(lang, 'dueIfOut')}>{formatDate(item.dueIfCheckedOut)}</Field>
      )}
      <Field label={t(lang, 'location')}>{item.location?.code ?? '—'}</Field>
    </dl>
  );
}

function SingleFolder({ c }: P) {
  const lang = c.lang.value;
  const item = c.current.value;
  if (!item) return <div class="item-card item-placeholder" aria-hidden="true" />;
  const action = c.settled.value ? null : c.actionFor(item);
  return (
    <article class="item-card" aria-label={item.dossier?.archiveNo ?? item.barcode}>
      <div class="item-head">
        <div>
          <div class="label-small">{t(lang, 'archiveNo')}</div>
          <div class="archive-no">{item.dossier?.archiveNo ?? '—'}</div>
          <div class="muted barcode">
            {item.barcode}
            {item.dossier && ` · ${t(lang, 'level')} ${item.dossier.confidentiality}`}
          </div>
        </div>
        <span class={`state state-${item.state}${item.overdue ? ' state-overdue' : ''}`}>
          {pick(lang, item.stateLabel)}
        </span>
      </div>
      <ItemFacts item={item} lang={lang} />
      {action === 'out' && <CheckOutBlock c={c} />}
      {action === 'in' && <CheckInBlock c={c} />}
    </article>
  );
}

function PurposePicker({ c }: P) {
  const lang = c.lang.value;
  const chosen = c.purpose.value;
  const other = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (chosen === '') other.current?.focus();
  }, [chosen]);
  return (
    <fieldset class="purposes">
      <legend>{t(lang, 'purpose')}</legend>
      <div class="choice-row">
        {PURPOSES.map((p) => (
          <button
            key={p.zh}
            type="button"
            class="btn choice"
            aria-pressed={chosen === p.zh}
            onClick={() => c.choosePurpose(p.zh)}
          >
            {pick(lang, p)}
          </button>
        ))}
        <button
          type="button"
          class="btn choice"
          aria-pressed={chosen === ''}
          onClick={() => c.choosePurpose('')}
        >
          {t(lang, 'purposeOther')}
        </button>
      </div>
      {chosen === '' && (
        <label class="other-purpose">
          <span class="visually-hidden">{t(lang, 'purposeOther')}</span>
          <input
            ref={other}
            value={c.otherPurpose.value}
            maxLength={300}
            placeholder={t(lang, 'purposeOtherPlaceholder')}
            onInput={(e) => (c.otherPurpose.value = e.currentTarget.value)}
          />
        </label>
      )}
    </fieldset>
  );
}

function CheckOutBlock({ c }: P) {
  const lang = c.lang.value;
  const ready = c.purposeText() !== null && !c.busy.value;
  return (
    <div class="actions-block">
      <PurposePicker c={c} />
      <button class="btn btn-big btn-go" disabled={!ready} onClick={() => void c.checkOutCurrent()}>
        {t(lang, 'checkOut')}
      </button>
    </div>
  );
}

function InspectionButtons({
  lang,
  value,
  onChoose,
}: {
  lang: Lang;
  value: string | null;
  onChoose: (v: 'intact' | 'damaged' | 'pages_missing') => void;
}) {
  return (
    <div class="choice-row">
      {(['intact', 'damaged', 'pages_missing'] as const).map((k) => (
        <button
          key={k}
          type="button"
          class={`btn choice inspect-${k}`}
          aria-pressed={value === k}
          onClick={() => onChoose(k)}
        >
          {t(lang, INSPECTIONS[k])}
        </button>
      ))}
    </div>
  );
}

function CheckInBlock({ c }: P) {
  const lang = c.lang.value;
  const inspection = c.inspection.value;
  const needsNote = inspection === 'damaged' || inspection === 'pages_missing';
  const note = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!needsNote) return;
    note.current?.focus();
    // Above the confirm button that sticks to the bottom of the panel (scroll-padding), not under it.
    note.current?.scrollIntoView?.({ block: 'nearest' });
  }, [needsNote]);
  return (
    <div class="actions-block">
      <fieldset>
        <legend>{t(lang, 'inspection')}</legend>
        <InspectionButtons lang={lang} value={inspection} onChoose={(v) => c.chooseInspection(v)} />
      </fieldset>
      {needsNote && (
        <>
          <label class="note">
            {t(lang, 'note')}
            <textarea
              ref={note}
              rows={2}
              maxLength={500}
              value={c.note.value}
              placeholder={t(lang, 'notePlaceholder')}
              onInput={(e) => (c.note.value = e.currentTarget.value)}
            />
          </label>
          <button
            class="btn btn-big btn-go"
            disabled={!c.note.value.trim() || c.busy.value}
            onClick={() => void c.checkInCurrent()}
          >
            {t(lang, 'checkIn')}
          </button>
        </>
      )}
    </div>
  );
}

function BatchPanel({ c }: P) {
  const lang = c.lang.value;
  const rows = c.batch.value;
  const outs = rows.filter((r) => r.status === 'ready' && r.action === 'out').length;
  const ins = rows.filter((r) => r.status === 'ready' && r.action === 'in').length;
  return (
    <section class="batch" aria-label={t(lang, 'batch')}>
      {rows.length === 0 ? (
        <p class="batch-empty">{t(lang, 'batchEmpty')}</p>
      ) : (
        <ol class="batch-list">
          {rows.map((r) => (
            <BatchItem key={r.code} c={c} row={r} />
          ))}
        </ol>
      )}
      <div class="batch-footer">
        {outs > 0 && <PurposePicker c={c} />}
        <button
          class="btn btn-big btn-go"
          disabled={!c.batchReady() || c.busy.value}
          onClick={() => void c.confirmBatch()}
        >
          {t(lang, 'batchConfirm', { out: outs, in: ins })}
        </button>
      </div>
    </section>
  );
}

function BatchItem({ c, row }: P & { row: BatchRow }) {
  const lang = c.lang.value;
  const item = row.item;
  const tag =
    row.status === 'error'
      ? t(lang, 'batchSkip')
      : row.action === 'in'
        ? t(lang, 'batchIn')
        : t(lang, 'batchOut');
  return (
    <li class={`batch-row batch-status-${row.status} batch-action-${row.action ?? 'none'}`}>
      <span class="batch-tag">{row.status === 'loading' ? '…' : tag}</span>
      <span class="batch-text">
        <strong>{item?.dossier?.archiveNo ?? row.code}</strong>
        <span class="muted">
          {' '}
          {item ? `${row.code} · ${item.property?.name ?? item.title} · ${item.owner ?? ''}` : ''}
        </span>
        {row.error && <span class="batch-error">{row.error(lang)}</span>}
        {row.status === 'ready' && row.action === 'in' && (
          <span class="batch-inspect">
            <InspectionButtons
              lang={lang}
              value={row.inspection}
              onChoose={(v) => c.updateRow(row.code, { inspection: v })}
            />
            {row.inspection !== 'intact' && (
              <input
                class="batch-note"
                value={row.note}
                placeholder={t(lang, 'notePlaceholder')}
                aria-label={`${t(lang, 'note')} ${row.code}`}
                onInput={(e) => c.updateRow(row.code, { note: e.currentTarget.value })}
              />
            )}
          </span>
        )}
      </span>
      <button
        class="btn remove"
        onClick={() => c.removeRow(row.code)}
        aria-label={`${t(lang, 'remove')} ${row.code}`}
      >
        ✕
      </button>
    </li>
  );
}

function Holdings({ c }: P) {
  const lang = c.lang.value;
  const items = c.holdings.value;
  return (
    <section class="holdings" aria-label={t(lang, 'myHoldings')}>
      <h2>
        {t(lang, 'myHoldings')} <span class="muted">({items.length})</span>
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

function CameraOverlay({ c }: P) {
  const lang = c.lang.value;
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let stop: (() => void) | null = null;
    let cancelled = false;
    c.loadCamera()
      .then((m) => m.startCamera(video.current!, (code) => c.scan(code, 'camera')))
      .then(
        (s) => {
          if (cancelled) s();
          else stop = s;
        },
        () => {
          if (!cancelled) setFailed(true);
        },
      );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [c]);
  return (
    <div class="camera-overlay" role="dialog" aria-modal="true" aria-label={t(lang, 'camera')}>
      <p class="camera-title">{failed ? t(lang, 'cameraFailed') : t(lang, 'cameraTitle')}</p>
      <video ref={video} playsInline muted autoPlay />
      <button class="btn btn-big" onClick={() => c.openCamera(false)}>
        {t(lang, 'close')}
      </button>
    </div>
  );
}

// ------------------------------------------------------------------ receipt

function ReceiptScreen({ c }: P) {
  const lang = c.lang.value;
  const r = c.receipt.value;
  if (!r) return null;
  return (
    <main class="receipt-screen">
      <article class="receipt" aria-labelledby="receipt-title">
        <h1 id="receipt-title">{t(lang, 'receipt')}</h1>
        <dl class="receipt-meta">
          <Field label={t(lang, 'receiptStation')}>{r.station.name}</Field>
          <Field label={t(lang, 'receiptOperator')}>{r.operator}</Field>
          <Field label={t(lang, 'receiptTime')}>
            {formatDate(r.at)} {formatTime(r.at)}
          </Field>
        </dl>
        <table>
          <thead>
            <tr>
              <th>{t(lang, 'action')}</th>
              <th>{t(lang, 'archiveNo')}</th>
              <th>{t(lang, 'barcode')}</th>
              <th>{t(lang, 'property')}</th>
              <th>{t(lang, 'detail')}</th>
            </tr>
          </thead>
          <tbody>
            {r.lines.map((l, i) => (
              <tr key={i}>
                <td>{pick(lang, ACTIONS[l.action])}</td>
                <td>{l.archiveNo ?? '—'}</td>
                <td>{l.barcode}</td>
                <td>{l.property ?? '—'}</td>
                <td>
                  {l.action === 'check_out'
                    ? formatDate(l.dueAt)
                    : `${t(lang, INSPECTIONS[l.inspection ?? 'intact'])}${l.note ? `：${l.note}` : ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </article>
      <div class="receipt-actions">
        <button class="btn btn-big btn-primary" onClick={() => c.printReceipt()}>
          {t(lang, 'print')}
        </button>
        <button class="btn btn-big" onClick={() => c.toIdle()}>
          {t(lang, 'close')}
        </button>
      </div>
    </main>
  );
}
