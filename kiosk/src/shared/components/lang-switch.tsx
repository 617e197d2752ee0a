import { useEffect } from 'preact/hooks';
import { otherLang, type Lang } from '../i18n';

/** The button names the other language in that language; its label says what it does in both. */
const LABELS: Record<Lang, { text: string; label: string }> = {
  'zh-CN': { text: 'English', label: '切换到英文 Switch to English' },
  en: { text: '中文', label: '切换到中文 Switch to Chinese' },
};

export function LangSwitch({ lang, onToggle }: { lang: Lang; onToggle: () => void }) {
  // The page's own language follows the screen's, for screen readers and hyphenation.
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <button class="btn lang-switch" onClick={onToggle} aria-label={LABELS[lang].label} lang={otherLang(lang)}>
      {LABELS[lang].text}
    </button>
  );
}
