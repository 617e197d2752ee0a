// 统计报表: the supervisors' reports, their charts and exports. (Being built; see the dashboard issue.)
import type { DashboardController } from '../controller';
import { t } from '../words';

export function ReportsPage({ c }: { c: DashboardController }) {
  return (
    <main class="page">
      <h2>{t(c.lang.lang.value, 'navReports')}</h2>
    </main>
  );
}
