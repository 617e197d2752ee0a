// The receipt after Done: what was checked out and in during the session, to print or close.
import { Field } from '../../shared/components/field';
import { formatDate, formatTime, pick } from '../../shared/i18n';
import type { KioskController } from '../controller';
import { ACTIONS, INSPECTIONS } from '../vocabulary';
import { colon, t } from '../words';

export function ReceiptScreen({ c }: { c: KioskController }) {
  const lang = c.lang.value;
  const r = c.session.receipt.value;
  if (!r) return null;
  return (
    <main class="receipt-screen">
      <article class="receipt" aria-labelledby="receipt-title">
        <h1 id="receipt-title">{t(lang, 'receipt')}</h1>
        <dl class="receipt-meta">
          <Field label={t(lang, 'receiptStation')}>{r.station.name}</Field>
          <Field label={t(lang, 'receiptBorrower')}>{r.operator}</Field>
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
                <td class="receipt-code">{pick(lang, ACTIONS[l.action])}</td>
                <td class="receipt-code">{l.archiveNo ?? '—'}</td>
                <td class="receipt-code">{l.barcode}</td>
                <td>{l.property ?? '—'}</td>
                <td>
                  {l.action === 'check_out'
                    ? formatDate(l.dueAt)
                    : `${t(lang, INSPECTIONS[l.inspection ?? 'intact'])}${l.note ? `${colon(lang)}${l.note}` : ''}`}
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
