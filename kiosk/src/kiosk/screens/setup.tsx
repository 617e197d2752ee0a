// Pairing the screen: sign in as an archivist or admin, then choose the station this screen stands at.
import { useRef } from 'preact/hooks';
import type { KioskController } from '../controller';
import { t } from '../words';

export function Setup({ c }: { c: KioskController }) {
  const lang = c.lang.value;
  const user = useRef<HTMLInputElement>(null);
  const pass = useRef<HTMLInputElement>(null);
  const { setup } = c;
  const error = setup.error.value;
  const busy = c.ctx.busy.value;
  return (
    <main class="setup">
      <h1>{t(lang, 'setupTitle')}</h1>
      <p class="muted">{t(lang, 'setupIntro')}</p>
      {error && (
        <p class="form-error" role="alert">
          {error(lang)}
        </p>
      )}
      {setup.step.value === 'login' ? (
        <form
          class="setup-form"
          onSubmit={(e) => {
            e.preventDefault();
            void setup.login(user.current?.value ?? '', pass.current?.value ?? '');
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
          <button class="btn btn-primary btn-big" type="submit" disabled={busy}>
            {t(lang, 'signIn')}
          </button>
        </form>
      ) : (
        <section class="setup-stations" aria-label={t(lang, 'chooseStation')}>
          <h2>{t(lang, 'chooseStation')}</h2>
          {setup.stations.value.length === 0 && <p>{t(lang, 'noStations')}</p>}
          <ul>
            {setup.stations.value.map((s) => (
              <li key={s.id}>
                <button
                  class="btn btn-big station-choice"
                  disabled={busy}
                  onClick={() => void setup.pair(s.id)}
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
          <button class="btn" onClick={() => setup.cancel()}>
            {t(lang, 'back')}
          </button>
        </section>
      )}
    </main>
  );
}
