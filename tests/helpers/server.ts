// A real Dangan HTTP server on an ephemeral port over a test database, and a small fetch client for it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDanganApp, type DanganApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { Database } from '../../server/store/db.js';
import type { Clock } from '../../server/providers.js';

const UNLIMITED_RATE = { burst: 100_000, perMinute: 100_000 };

export interface TestServer {
  app: DanganApp;
  url: string;
  close(): Promise<void>;
}

export async function startTestServer(
  db: Database,
  overrides: Record<string, unknown> = {},
  clock?: Clock,
): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dangan-srv-'));
  // A test key, and a key file in the temp folder should a test drop it: never the real home's. Sign-in rate
  // limits out of the way (a test file signs in as one user many times); their own tests set them.
  const security = {
    dataKey: 'ab'.repeat(32),
    keyFile: path.join(dataDir, 'test-data.key'),
    signInRate: { address: UNLIMITED_RATE, account: UNLIMITED_RATE, badge: UNLIMITED_RATE },
    ...((overrides.security as Record<string, unknown> | undefined) ?? {}),
  };
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      logLevel: 'silent',
      demo: { loadOnFirstStart: false },
      ...overrides,
      security,
    },
  });
  const app = await createDanganApp({ config, db, ...(clock ? { clock } : {}) });
  const port = await app.listen(0, '127.0.0.1');
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      // The test owns the database; close only the HTTP side here.
      await app.closeHttp();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export function client(base: string) {
  let token: string | null = null;
  async function call<T = Record<string, unknown>>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(`${base}/api/v1${url}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  }
  return {
    call,
    get: <T = Record<string, unknown>>(url: string, headers?: Record<string, string>) =>
      call<T>('GET', url, undefined, headers),
    post: <T = Record<string, unknown>>(url: string, body: unknown, headers?: Record<string, string>) =>
      call<T>('POST', url, body, headers),
    async login(username: string, password: string) {
      const res = await call<{ token: string }>('POST', '/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      token = res.body.token;
      return res;
    },
    setToken(t: string | null) {
      token = t;
    },
  };
}
