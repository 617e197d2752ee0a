// Who is signed in at this desk. The bearer token stays in memory only (the shared client sends no
// cookies): a reload or a closed tab ends the board's session on this side, except in wall-screen mode,
// which keeps it in the tab's sessionStorage and restores it here (state/wall.ts says why that is safe).
import { signal } from '@preact/signals';
import { asApiError, type ApiError } from '../../shared/api/error';
import type { Me } from '../../shared/api/types';
import type { DashboardApi } from '../api';

export interface Session {
  token: string;
  me: Me;
}

export class SessionState {
  readonly current = signal<Session | null>(null);
  readonly busy = signal(false);
  readonly error = signal<ApiError | null>(null);
  /** Signed out by the server (expired, ended elsewhere), said on the sign-in screen. */
  readonly expired = signal(false);
  /** A kept token being checked with the server (wall mode after a reload). */
  readonly restoring = signal(false);

  constructor(private readonly api: DashboardApi) {}

  async signIn(username: string, password: string): Promise<void> {
    if (this.busy.value) return;
    this.busy.value = true;
    this.error.value = null;
    try {
      const { token, me } = await this.api.login(username.trim(), password);
      this.expired.value = false;
      this.current.value = { token, me };
    } catch (e) {
      this.error.value = asApiError(e);
    } finally {
      this.busy.value = false;
    }
  }

  /** Signs in again with a token this tab kept, if the server still accepts it. */
  async restore(token: string): Promise<void> {
    this.restoring.value = true;
    try {
      const me = await this.api.me(token);
      if (!this.current.value) this.current.value = { token, me };
    } catch (e) {
      const code = asApiError(e).code;
      if (code === 'UNAUTHENTICATED' || code === 'SESSION_EXPIRED') this.expired.value = true;
    } finally {
      this.restoring.value = false;
    }
  }

  async signOut(): Promise<void> {
    const s = this.current.value;
    this.current.value = null;
    // Ending it on the server is best effort: the token is forgotten here whatever the answer.
    if (s) await this.api.logout(s.token).catch(() => undefined);
  }

  /** The server refused the token: is the session still good? If not, back to the sign-in screen. */
  async check(): Promise<void> {
    const s = this.current.value;
    if (!s) return;
    try {
      await this.api.me(s.token);
    } catch (e) {
      const code = asApiError(e).code;
      if (code === 'UNAUTHENTICATED' || code === 'SESSION_EXPIRED') {
        this.current.value = null;
        this.expired.value = true;
      }
    }
  }
}
