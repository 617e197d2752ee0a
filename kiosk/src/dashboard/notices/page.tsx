// 通知: what the notification outbox has sent, is waiting to send, and could not send. (Being built.)
import type { DashboardController } from '../controller';
import { t } from '../words';

export function NoticesPage({ c }: { c: DashboardController }) {
  return (
    <main class="page">
      <h2>{t(c.lang.lang.value, 'navNotices')}</h2>
    </main>
  );
}
