// Which screen: sign-in, the refusal for a role that may not watch, or the board.
import type { DashboardController } from './controller';
import { boardAccess } from './access';
import { Board } from './screens/board';
import { Header } from './screens/header';
import { Refused } from './screens/refused';
import { SignIn } from './screens/sign-in';

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
        <Board c={c} />
      )}
    </div>
  );
}
