// Which screen: sign-in, the refusal for a role that may not watch, or the page the address names (the
// board first; the timeline, reports and notifications are chunks of their own, fetched when first opened).
// The system view (admin) has its own board and opens the notifications only (access.ts mayOpen).
import { lazyComponent, preloadWhenIdle } from '../shared/lazy';
import { socketIoChunk } from '../shared/socket-io';
import type { DashboardController } from './controller';
import { boardAccess, mayOpen } from './access';
import { Board } from './screens/board';
import { Header } from './screens/header';
import { Refused } from './screens/refused';
import { SignIn } from './screens/sign-in';
import { SystemBoard } from './screens/system-board';

type PageProps = { c: DashboardController };
const TimelinePage = lazyComponent<PageProps>(() => import('./timeline/page').then((m) => m.TimelinePage));
const ReportsPage = lazyComponent<PageProps>(() => import('./reports/page').then((m) => m.ReportsPage));
const NoticesPage = lazyComponent<PageProps>(() => import('./notices/page').then((m) => m.NoticesPage));

export const DASHBOARD_PAGES = [TimelinePage, ReportsPage, NoticesPage];

function CurrentPage({ c }: PageProps) {
  const access = boardAccess(c.session.current.value!.me.role);
  const page = c.nav.place.value.page;
  // A page this access may not open (an admin's bookmark of the timeline) shows the board instead.
  if (access === 'system') return page === 'notices' ? <NoticesPage c={c} /> : <SystemBoard c={c} />;
  switch (mayOpen(access, page) ? page : 'board') {
    case 'timeline':
      return <TimelinePage c={c} />;
    case 'reports':
      return <ReportsPage c={c} />;
    case 'notices':
      return <NoticesPage c={c} />;
    default:
      return <Board c={c} />;
  }
}

export function DashboardApp({ c }: { c: DashboardController }) {
  const session = c.session.current.value;
  return (
    <div class="dashboard">
      <Header c={c} />
      {!session ? (
        <SignIn c={c} />
      ) : boardAccess(session.me.role) === 'refused' ? (
        <Refused c={c} />
      ) : (
        <CurrentPage c={c} />
      )}
    </div>
  );
}

/**
 * Fetches socket.io's client (the board connects right after sign-in) and the other pages' chunks once the
 * page is idle.
 */
export function preloadPages(): void {
  preloadWhenIdle([socketIoChunk, ...DASHBOARD_PAGES]);
}
