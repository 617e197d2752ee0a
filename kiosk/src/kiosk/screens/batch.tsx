// Batch mode: the list of folders scanned, each to go out or come back, and one confirmation for all.
import type { KioskController } from '../controller';
import type { BatchRow } from '../state/batch';
import { t } from '../words';
import { InspectionButtons, PurposePicker } from './choices';

type P = { c: KioskController };

export function BatchPanel({ c }: P) {
  const lang = c.lang.value;
  const rows = c.batch.rows.value;
  const outs = c.batch.count('out');
  const ins = c.batch.count('in');
  const missing = rows.length > 0 ? c.batch.missing() : null;
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
        {missing && (
          <p class="batch-missing" id="batch-missing">
            {t(lang, missing)}
          </p>
        )}
        <button
          class="btn btn-big btn-go"
          disabled={!c.batch.ready() || c.ctx.busy.value}
          aria-describedby={missing ? 'batch-missing' : undefined}
          onClick={() => void c.batch.confirm()}
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
          {item ? [row.code, item.property?.name ?? item.title, item.owner].filter(Boolean).join(' · ') : ''}
        </span>
        {row.error && <span class="batch-error">{row.error(lang)}</span>}
        {row.status === 'ready' && row.action === 'in' && (
          <span class="batch-inspect">
            <InspectionButtons
              lang={lang}
              value={row.inspection}
              onChoose={(v) => c.batch.update(row.code, { inspection: v })}
            />
            {(row.inspection === 'damaged' || row.inspection === 'pages_missing') && (
              <input
                class="batch-note"
                value={row.note}
                placeholder={t(lang, 'notePlaceholder')}
                aria-label={`${t(lang, 'note')} ${row.code}`}
                onInput={(e) => c.batch.update(row.code, { note: e.currentTarget.value })}
              />
            )}
          </span>
        )}
      </span>
      <button
        class="btn remove"
        onClick={() => c.batch.remove(row.code)}
        aria-label={`${t(lang, 'remove')} ${row.code}`}
      >
        ✕
      </button>
    </li>
  );
}
