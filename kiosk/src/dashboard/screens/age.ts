// How long ago, in the board's words: 刚刚, 12分钟前, 3小时前, 2天前.
import type { Lang } from '../../shared/i18n';
import { t } from '../words';

export function ago(lang: Lang, at: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(at)) / 60_000);
  if (minutes < 1) return t(lang, 'justNow');
  const age =
    minutes < 60
      ? t(lang, 'minutes', { n: minutes })
      : minutes < 48 * 60
        ? t(lang, 'hours', { n: Math.floor(minutes / 60) })
        : t(lang, 'days', { n: Math.floor(minutes / 1440) });
  return t(lang, 'raisedAgo', { age });
}
