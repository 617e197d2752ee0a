// Bilingual text for every screen: Simplified Chinese first (the default), English second. The helpers
// here know no words; each screen keeps its own table of strings and builds its `t` with createTranslator.
import { signal } from '@preact/signals';

export type Lang = 'zh-CN' | 'en';
export const DEFAULT_LANG: Lang = 'zh-CN';

/** A `{zh, en}` pair, as the server sends labels. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** Text not yet in a language: rendered with the screen's language when shown. */
export type Text = (lang: Lang) => string;

export const otherLang = (lang: Lang): Lang => (lang === 'zh-CN' ? 'en' : 'zh-CN');

/** The language a screen shows, with the toggle button's behaviour. */
export function createLangState() {
  const lang = signal<Lang>(DEFAULT_LANG);
  return {
    lang,
    toggle: () => (lang.value = otherLang(lang.value)),
    reset: () => (lang.value = DEFAULT_LANG),
  };
}
export type LangState = ReturnType<typeof createLangState>;

type Vars = Record<string, string | number>;

/** `t(lang, key, vars)` over a screen's tables; `{name}` in a string is replaced from `vars`. */
export function createTranslator<K extends string>(tables: Record<Lang, Record<K, string>>) {
  return (lang: Lang, key: K, vars: Vars = {}): string =>
    tables[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** A `{zh, en}` pair from the server in the screen's language. */
export const pick = (lang: Lang, b: Bilingual | undefined | null): string =>
  b ? (lang === 'zh-CN' ? b.zh : b.en) : '';

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-12-02 (a date a person writes on a form), in local time. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function formatTime(iso: string | number | Date, seconds = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? ':' + pad(d.getSeconds()) : ''}`;
}

const WEEKDAYS: Record<Lang, string[]> = {
  'zh-CN': ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date in a sentence: 2026年11月25日 星期三 / Wednesday 25 Nov 2026. */
export function formatLongDate(lang: Lang, at: number): string {
  const d = new Date(at);
  const wd = WEEKDAYS[lang][d.getDay()];
  return lang === 'zh-CN'
    ? `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${wd}`
    : `${wd} ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}
