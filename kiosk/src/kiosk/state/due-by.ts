// "Return by" in a sentence: 请于2026年12月2日前归还 / Return by 2026-12-02 (UI.md: a date in a Chinese
// sentence is written 2026年12月2日, with no spaces around it).
import type { Text } from '../../shared/i18n';
import { formatDate } from '../../shared/i18n';
import { t } from '../words';

export function sentenceDate(lang: 'zh-CN' | 'en', iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return lang === 'zh-CN' ? `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日` : formatDate(iso);
}

export const dueByText =
  (iso: string): Text =>
  (lang) =>
    t(lang, 'dueBy', { date: sentenceDate(lang, iso) });
