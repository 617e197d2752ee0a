import { formatTime } from '../i18n';

/** The time of day, 24-hour (HH:MM). */
export function Clock({ at, class: className }: { at: number | string; class: string }) {
  return <span class={className}>{formatTime(at)}</span>;
}
