// The page tabs in the top bar: the live board, a folder's timeline, reports and notifications; only those
// the signed-in person's access may open (the system view: the board and notifications).
import { boardAccess, mayOpen } from '../access';
import type { DashboardController } from '../controller';
import { PAGES, type Page } from '../navigation';
import { t, type Key } from '../words';

const NAMES: Record<Page, Key> = {
  board: 'navBoard',
  timeline: 'navTimeline',
  reports: 'navReports',
  notices: 'navNotices',
};

export function Nav({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const current = c.nav.place.value.page;
  const access = boardAccess(c.session.current.value?.me.role ?? '');
  return (
    <nav class="board-nav" aria-label={t(lang, 'nav')}>
      {PAGES.filter((page) => mayOpen(access, page)).map((page) => (
        <a
          key={page}
          href={`#/${page === 'board' ? '' : page}`}
          aria-current={page === current ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            c.nav.go(page);
          }}
        >
          {t(lang, NAMES[page])}
        </a>
      ))}
    </nav>
  );
}
