// An alarm's record over the alarm list, as GET /alarms/:id/log answers it: raised (where), then each row of its
// append-only log oldest first (确认 with its note, 升级至<role> by the system, 处理 with its cause and note),
// when and who. Read again whenever the alarm changes on the board (acknowledged, escalated, resolved
// elsewhere), so an open record never lags the row under it; it stays open when the alarm leaves the list.
import { useEffect, useRef, useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../../shared/api/error';
import type { AlarmAction, AlarmLog } from '../../shared/api/types';
import { formatDate, formatTime, pick, type Lang } from '../../shared/i18n';
import type { DashboardController } from '../controller';
import type { AlarmRow } from '../state/alarms';
import { t } from './words';

const when = (iso: string) => `${formatDate(iso)} ${formatTime(iso, true)}`;

interface LogLine {
  key: string;
  at: string;
  who: string;
  what: string;
  note: string | null;
  kind: 'raised' | AlarmAction['action'];
}

/** The rows on screen: the alarm's raising (from the alarm itself), then its log as the server keeps it. */
export function logLines(lang: Lang, log: AlarmLog): LogLine[] {
  const system = t(lang, 'logSystem');
  const raised: LogLine = {
    key: 'raised',
    at: log.alarm.raisedAt,
    who: system,
    what: t(lang, 'logRaised'),
    note: log.alarm.placeName ?? log.alarm.place,
    kind: 'raised',
  };
  return [
    raised,
    ...log.actions.map((a): LogLine => {
      const what =
        a.action === 'acknowledge'
          ? t(lang, 'logAcknowledged')
          : a.action === 'escalate'
            ? t(lang, 'logEscalated', { role: pick(lang, a.escalationLabel) })
            : a.causeLabel
              ? t(lang, 'logResolved', { cause: pick(lang, a.causeLabel) })
              : t(lang, 'logResolvedNoCause');
      return { key: String(a.id), at: a.at, who: a.byName ?? system, what, note: a.note, kind: a.action };
    }),
  ];
}

export function AlarmLogDialog({
  c,
  alarm,
  onClose,
}: {
  c: DashboardController;
  alarm: AlarmRow;
  onClose: () => void;
}) {
  const lang = c.lang.lang.value;
  const token = c.token;
  const live = c.alarms.open.value.find((r) => r.id === alarm.id);
  // What the board knows of the alarm: when it changes, the record has a new row to show.
  const version = live ? `${live.acknowledgedAt ?? ''}|${live.escalationLevel}` : 'closed';
  const [log, setLog] = useState<AlarmLog | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!token) return;
    let current = true;
    c.api.alarmLog(token, alarm.id).then(
      (answer) => {
        if (!current) return;
        setLog(answer);
        setError(null);
      },
      (e: unknown) => current && setError(asApiError(e)),
    );
    return () => {
      current = false;
    };
  }, [alarm.id, version, token]);

  useEffect(() => {
    closeButton.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [alarm.id]);

  const titleId = `alarm-log-${alarm.id}`;
  const lines = log ? logLines(lang, log) : [];
  return (
    <div class="alarm-dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="alarm-dialog alarm-log-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <h2 id={titleId}>{t(lang, 'logTitle')}</h2>
        <p class="alarm-dialog-what">
          <strong>{pick(lang, alarm.label)}</strong>
          <span>{[alarm.what, alarm.place].filter(Boolean).join(' · ')}</span>
        </p>
        <p class="alarm-dialog-hint">{t(lang, 'logHint')}</p>
        {error && (
          <p class="alarm-dialog-error" role="alert">
            {error.text(lang)}
          </p>
        )}
        {!log && !error && <p class="alarm-log-loading">{t(lang, 'logLoading')}</p>}
        {log && (
          <table class="alarm-log">
            <thead>
              <tr>
                <th scope="col">{t(lang, 'logWhen')}</th>
                <th scope="col">{t(lang, 'logWho')}</th>
                <th scope="col">{t(lang, 'logWhat')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.key} class={`alarm-log-${l.kind}`}>
                  <td class="alarm-log-when">{when(l.at)}</td>
                  <td class="alarm-log-who">{l.who}</td>
                  <td class="alarm-log-what">
                    <span class="alarm-log-step">{l.what}</span>
                    {l.note && <span class="alarm-log-note">{l.note}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {log && !log.alarm.resolvedAt && <p class="alarm-log-open">{t(lang, 'logOpen')}</p>}
        <div class="alarm-dialog-buttons">
          <button type="button" class="btn" ref={closeButton} onClick={onClose}>
            {t(lang, 'close')}
          </button>
        </div>
      </div>
    </div>
  );
}
