// The recent-activity list beside the idle and the operator screens.
import { formatTime, pick, type Lang } from '../../shared/i18n';
import type { KioskController } from '../controller';
import type { FeedRow } from '../state/feed';
import { ACTIONS } from '../vocabulary';
import { t } from '../words';

export function Feed({ c }: { c: KioskController }) {
  const lang = c.lang.value;
  const rows = c.feed.rows.value;
  return (
    <section class="feed" aria-label={t(lang, 'recent')}>
      <h2>{t(lang, 'recent')}</h2>
      <ol aria-live="polite">
        {rows.length === 0 && <li class="feed-empty">{t(lang, 'noEvents')}</li>}
        {rows.map((r) => (
          <FeedItem key={r.key} row={r} lang={lang} />
        ))}
      </ol>
    </section>
  );
}

function FeedItem({ row, lang }: { row: FeedRow; lang: Lang }) {
  const alarm = row.kind === 'alarm';
  const tag = alarm
    ? t(lang, row.resolved ? 'resolved' : 'alarm')
    : pick(lang, ACTIONS[row.action ?? ''] ?? row.label);
  const tone = alarm ? (row.resolved ? 'muted' : 'alarm') : (row.action ?? 'other');
  return (
    <li class={`feed-row feed-${tone}`}>
      <span class="feed-time">{formatTime(row.at)}</span>
      <span class="feed-tag">{tag}</span>
      <span class="feed-text">
        <span class="feed-main">{alarm ? pick(lang, row.label) : (row.archiveNo ?? row.barcode ?? '')}</span>
        <span class="feed-sub">
          {[alarm ? (row.archiveNo ?? row.barcode) : row.place, alarm ? row.place : row.who]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </span>
    </li>
  );
}
