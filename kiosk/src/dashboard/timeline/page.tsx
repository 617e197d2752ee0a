// 档案轨迹: find a folder and read its whole custody history. (Being built; see the dashboard issue.)
import type { DashboardController } from '../controller';
import { t } from '../words';

export function TimelinePage({ c }: { c: DashboardController }) {
  return (
    <main class="page">
      <h2>{t(c.lang.lang.value, 'navTimeline')}</h2>
    </main>
  );
}
