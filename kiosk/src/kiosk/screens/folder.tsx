// One folder: what it is, where it is, who holds it, and the check-out or check-in it allows.
import { useEffect, useRef } from 'preact/hooks';
import type { ItemView } from '../../shared/api/types';
import { Field } from '../../shared/components/field';
import { formatDate, pick, type Lang } from '../../shared/i18n';
import type { KioskController } from '../controller';
import { FOLDER_GROUPS } from '../vocabulary';
import { t } from '../words';
import { InspectionButtons, PurposePicker } from './choices';

type P = { c: KioskController };

export function SingleFolder({ c }: P) {
  const lang = c.lang.value;
  const item = c.folder.current.value;
  if (!item) return <div class="item-card item-placeholder" aria-hidden="true" />;
  const action = c.folder.settled.value ? null : c.folder.action();
  const held = c.folder.undo.held.value?.item.barcode === item.barcode;
  return (
    <article class="item-card" aria-label={item.dossier?.archiveNo ?? item.barcode}>
      <div class="item-head">
        <div>
          <div class="label-small">{t(lang, 'archiveNo')}</div>
          <div class="archive-no">{item.dossier?.archiveNo ?? '—'}</div>
          <div class="muted barcode">
            {item.barcode}
            {item.dossier && ` · ${t(lang, 'levelOf', { level: item.dossier.confidentiality })}`}
          </div>
        </div>
        <span class={`state state-${item.state}${item.overdue ? ' state-overdue' : ''}`}>
          {pick(lang, item.stateLabel)}
        </span>
      </div>
      <ItemFacts item={item} lang={lang} />
      {action === 'out' && <CheckOutBlock c={c} />}
      {action === 'in' && (held ? <UndoBlock c={c} /> : <CheckInBlock c={c} />)}
    </article>
  );
}

function ItemFacts({ item, lang }: { item: ItemView; lang: Lang }) {
  const group = item.folderGroup ? FOLDER_GROUPS[item.folderGroup] : undefined;
  return (
    <dl class="facts">
      <Field label={t(lang, 'property')}>
        {item.property?.name ?? '—'}
        {/* The property's code only where it is not the archive number already shown above. */}
        {item.property?.ref && item.property.ref !== item.dossier?.archiveNo && (
          <span class="muted"> {item.property.ref}</span>
        )}
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
      <Field label={t(lang, 'location')}>
        {/* By name as the shelves are signed (1号档案柜 第2层), with the code printed on the label. */}
        {item.location?.label ?? item.location?.name ?? item.location?.code ?? '—'}
        {item.location?.code && (item.location.label ?? item.location.name) && (
          <span class="muted"> {item.location.code}</span>
        )}
      </Field>
    </dl>
  );
}

function CheckOutBlock({ c }: P) {
  const lang = c.lang.value;
  const ready = c.purpose.text() !== null && !c.ctx.busy.value;
  return (
    <div class="actions-block">
      <PurposePicker c={c} />
      <button class="btn btn-big btn-go" disabled={!ready} onClick={() => void c.folder.checkOut()}>
        {t(lang, 'checkOut')}
      </button>
    </div>
  );
}

/** A 完好 return held for a few seconds: the countdown and 撤销. */
function UndoBlock({ c }: P) {
  const lang = c.lang.value;
  const held = c.folder.undo.held.value;
  if (!held) return null;
  const seconds = c.folder.undo.secondsLeft(c.ctx.now.value);
  return (
    <div class="actions-block undo-block" role="status">
      <div class="undo-text">
        {held.sending ? t(lang, 'working') : t(lang, 'undoCountdown', { s: seconds })}
      </div>
      <button class="btn btn-big undo-btn" disabled={held.sending} onClick={() => c.folder.undoReturn()}>
        {t(lang, 'undo')}
      </button>
    </div>
  );
}

function CheckInBlock({ c }: P) {
  const lang = c.lang.value;
  const { folder } = c;
  const inspection = folder.inspection.value;
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
        <InspectionButtons lang={lang} value={inspection} onChoose={(v) => folder.chooseInspection(v)} />
      </fieldset>
      {needsNote && (
        <>
          <label class="note">
            {t(lang, 'note')}
            <textarea
              ref={note}
              rows={2}
              maxLength={500}
              value={folder.note.value}
              placeholder={t(lang, 'notePlaceholder')}
              onInput={(e) => (folder.note.value = e.currentTarget.value)}
            />
          </label>
          <button
            class="btn btn-big btn-go"
            disabled={!folder.note.value.trim() || c.ctx.busy.value}
            onClick={() => void folder.checkIn()}
          >
            {t(lang, 'checkIn')}
          </button>
        </>
      )}
    </div>
  );
}
