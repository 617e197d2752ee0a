// The last seconds before an inactive operator is signed out: big, over everything, with one button that
// keeps the session (any touch, key or scan does too: they all touch the session).
import type { KioskController } from '../controller';
import { t } from '../words';

export function SessionWarning({ c }: { c: KioskController }) {
  if (!c.ctx.ending.value) return null;
  const lang = c.lang.value;
  const s = c.ctx.secondsLeft.value;
  return (
    <div class="session-warning" role="alertdialog" aria-labelledby="session-warning-title">
      <div class="session-warning-seconds" aria-hidden="true">
        {s}
      </div>
      <div class="session-warning-text">
        <div id="session-warning-title" class="session-warning-title">
          {t(lang, 'sessionEnding')}
        </div>
        <div>{t(lang, 'sessionEndingDetail', { s })}</div>
      </div>
      <button class="btn btn-primary btn-big" onClick={() => c.touch()}>
        {t(lang, 'keepWorking')}
      </button>
    </div>
  );
}
