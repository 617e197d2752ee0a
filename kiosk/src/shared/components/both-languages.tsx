import { otherLang, type Lang } from '../i18n';

/** A line in the screen's language with the same line in the other one under it (prompts at a door). */
export function BothLanguages({ lang, text }: { lang: Lang; text: (lang: Lang) => string }) {
  const other = otherLang(lang);
  return (
    <div>
      <div class="prompt-main">{text(lang)}</div>
      <div class="prompt-other" lang={other}>
        {text(other)}
      </div>
    </div>
  );
}
