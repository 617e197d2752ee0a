// The acknowledge and resolve dialog over the alarm list: acknowledging asks for a note; resolving asks for
// what was found (one of four causes) and an optional note. Escape or 取消 closes it; the server's refusal
// (another board was quicker, say) shows in it in the screen's language.
import { useEffect, useRef, useState } from 'preact/hooks';
import { pick } from '../../shared/i18n';
import type { DashboardController } from '../controller';
import { CAUSES, CAUSE_LABELS, t, type Cause } from './words';

export function AlarmDialog({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const dialog = c.alarms.dialog.value;
  const saving = c.alarms.saving.value;
  const error = c.alarms.error.value;
  const [note, setNote] = useState('');
  const [cause, setCause] = useState<Cause | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const id = dialog?.alarm.id;
  const mode = dialog?.mode;

  useEffect(() => {
    setNote('');
    setCause(null);
    setProblem(null);
    if (id !== undefined) first.current?.focus();
  }, [id, mode]);

  useEffect(() => {
    if (id === undefined) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') c.alarms.close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id]);

  if (!dialog) return null;
  const resolving = dialog.mode === 'resolve';
  const titleId = `alarm-dialog-${dialog.alarm.id}`;

  const submit = (e: Event) => {
    e.preventDefault();
    if (resolving && !cause) return setProblem(t(lang, 'causeRequired'));
    if (!resolving && note.trim() === '') return setProblem(t(lang, 'noteRequired'));
    setProblem(null);
    void c.alarms.submit(c.api, c.token, { note: note.trim(), ...(cause ? { cause } : {}) });
  };

  const message = problem ?? (error ? error.text(lang) : null);
  return (
    <div class="alarm-dialog-backdrop" onClick={(e) => e.target === e.currentTarget && c.alarms.close()}>
      <div class="alarm-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <form onSubmit={submit}>
          <h2 id={titleId}>{t(lang, resolving ? 'resolveTitle' : 'acknowledgeTitle')}</h2>
          <p class="alarm-dialog-what">
            <strong>{pick(lang, dialog.alarm.label)}</strong>
            <span>{[dialog.alarm.what, dialog.alarm.place].filter(Boolean).join(' · ')}</span>
          </p>
          <p class="alarm-dialog-hint">{t(lang, resolving ? 'resolveHint' : 'acknowledgeHint')}</p>
          {resolving && (
            <fieldset class="alarm-causes">
              <legend>{t(lang, 'cause')}</legend>
              {CAUSES.map((k, i) => (
                <label key={k} class={`alarm-cause${cause === k ? ' chosen' : ''}`}>
                  <input
                    type="radio"
                    name="cause"
                    value={k}
                    checked={cause === k}
                    ref={i === 0 ? first : undefined}
                    onChange={() => setCause(k)}
                  />
                  <span>{pick(lang, CAUSE_LABELS[k])}</span>
                </label>
              ))}
            </fieldset>
          )}
          <label class="alarm-note">
            <span>{t(lang, resolving ? 'noteOptional' : 'note')}</span>
            <textarea
              rows={3}
              maxLength={500}
              value={note}
              placeholder={t(lang, 'notePlaceholder')}
              ref={resolving ? undefined : first}
              onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
            />
          </label>
          {message && (
            <p class="alarm-dialog-error" role="alert">
              {message}
            </p>
          )}
          <div class="alarm-dialog-buttons">
            <button type="button" class="btn" onClick={() => c.alarms.close()}>
              {t(lang, 'cancel')}
            </button>
            <button type="submit" class="btn primary" disabled={saving}>
              {saving ? t(lang, 'saving') : t(lang, resolving ? 'submitResolve' : 'submitAcknowledge')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
