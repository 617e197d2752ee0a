// Typing a badge number by hand, for a badge the reader cannot read.
import { useEffect, useRef } from 'preact/hooks';
import type { KioskController } from '../controller';
import { t } from '../words';

export function BadgeEntry({ c }: { c: KioskController }) {
  const lang = c.lang.value;
  const input = useRef<HTMLInputElement>(null);
  const typing = c.signIn.typingBadge.value;
  useEffect(() => {
    if (typing) input.current?.focus();
  }, [typing]);
  if (!typing)
    return (
      <button class="btn btn-big" onClick={() => c.signIn.showBadgeEntry(true)}>
        {t(lang, 'typeBadge')}
      </button>
    );
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const value = input.current?.value ?? '';
        if (value.trim()) c.startBadge(value);
      }}
    >
      <label>
        <span class="visually-hidden">{t(lang, 'badgeNumber')}</span>
        <input
          ref={input}
          name="badge"
          placeholder={t(lang, 'badgeNumber')}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
        />
      </label>
      <button class="btn btn-primary" type="submit">
        {t(lang, 'next')}
      </button>
      <button class="btn" type="button" onClick={() => c.signIn.showBadgeEntry(false)}>
        {t(lang, 'cancel')}
      </button>
    </form>
  );
}
