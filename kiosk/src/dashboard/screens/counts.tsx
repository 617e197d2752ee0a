// The six figures across the top: in place, out, overdue, in transfer, removed without check-out, missing.
import type { DashboardController } from '../controller';
import { t, type Key } from '../words';

type Figure = keyof NonNullable<DashboardController['summary']['value']>['counts'];

const FIGURES: ReadonlyArray<{ key: Figure; tone: string }> = [
  { key: 'inPlace', tone: 'in' },
  { key: 'out', tone: 'out' },
  { key: 'overdue', tone: 'overdue' },
  { key: 'inTransfer', tone: 'transfer' },
  { key: 'removed', tone: 'removed' },
  { key: 'missing', tone: 'missing' },
];

export function Counts({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const counts = c.summary.value?.counts;
  return (
    <section class="counts" aria-label={t(lang, 'counts')}>
      {FIGURES.map(({ key, tone }) => (
        <div class={`count count-${tone}${counts && counts[key] > 0 ? ' nonzero' : ''}`} key={key}>
          <span class="count-label">{t(lang, key as Key)}</span>
          <span class="count-value" data-count={key}>
            {counts ? counts[key].toLocaleString('zh-CN') : '–'}
          </span>
        </div>
      ))}
    </section>
  );
}
