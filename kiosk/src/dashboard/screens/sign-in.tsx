// Username and password, at a desk. The refusal the server gives (wrong password, locked out) is shown in
// the screen's language.
import { useState } from 'preact/hooks';
import type { DashboardController } from '../controller';
import { t } from '../words';

export function SignIn({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const error = c.session.error.value;
  const busy = c.session.busy.value;
  const submit = (e: Event) => {
    e.preventDefault();
    void c.session.signIn(username, password).then(() => setPassword(''));
  };
  return (
    <main class="sign-in">
      <form class="sign-in-card" onSubmit={submit}>
        <h1>{t(lang, 'signInTitle')}</h1>
        <p class="hint">{t(lang, 'signInHint')}</p>
        {c.session.expired.value && <p class="notice">{t(lang, 'expired')}</p>}
        <label>
          {t(lang, 'username')}
          <input
            name="username"
            autoComplete="username"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
            required
          />
        </label>
        <label>
          {t(lang, 'password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            required
          />
        </label>
        {error && (
          <p class="error" role="alert">
            {error.text(lang)}
          </p>
        )}
        <button class="btn primary" type="submit" disabled={busy}>
          {busy ? t(lang, 'signingIn') : t(lang, 'signIn')}
        </button>
      </form>
    </main>
  );
}
