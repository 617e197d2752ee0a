// A different person's badge mid-session: switch to them (the current operator is signed out) or stay.
import type { KioskController } from '../controller';
import { t } from '../words';

export function SwitchPrompt({ c }: { c: KioskController }) {
  const lang = c.lang.value;
  const badge = c.session.switchTo.value;
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
        {t(lang, 'switchDetail', { badge, name: c.session.me.value?.displayName ?? '' })}
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
