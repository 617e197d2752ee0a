// The choices both the single-folder and the batch screens offer: a check-out's purpose and a check-in's
// inspection result.
import { useEffect, useRef } from 'preact/hooks';
import type { Inspection } from '../../shared/api/types';
import { pick, type Lang } from '../../shared/i18n';
import type { KioskController } from '../controller';
import { INSPECTIONS, PURPOSES } from '../vocabulary';
import { t } from '../words';

export function PurposePicker({ c }: { c: KioskController }) {
  const lang = c.lang.value;
  const { purpose } = c;
  const chosen = purpose.chosen.value;
  const other = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (chosen === '') other.current?.focus();
  }, [chosen]);
  const choose = (p: string) => {
    purpose.choose(p);
    c.touch();
  };
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
            onClick={() => choose(p.zh)}
          >
            {pick(lang, p)}
          </button>
        ))}
        <button type="button" class="btn choice" aria-pressed={chosen === ''} onClick={() => choose('')}>
          {t(lang, 'purposeOther')}
        </button>
      </div>
      {chosen === '' && (
        <label class="other-purpose">
          <span class="visually-hidden">{t(lang, 'purposeOther')}</span>
          <input
            ref={other}
            value={purpose.other.value}
            maxLength={300}
            placeholder={t(lang, 'purposeOtherPlaceholder')}
            onInput={(e) => (purpose.other.value = e.currentTarget.value)}
          />
        </label>
      )}
    </fieldset>
  );
}

const RESULTS: readonly Inspection[] = ['intact', 'damaged', 'pages_missing'];

export function InspectionButtons({
  lang,
  value,
  onChoose,
}: {
  lang: Lang;
  value: string | null;
  onChoose: (v: Inspection) => void;
}) {
  return (
    <div class="choice-row">
      {RESULTS.map((k) => (
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
