// What `dangan serve` checks before it opens the database: a data directory that holds files but no database
// (a lost or unrestored dangan.sqlite next to a key or backups) stops the start instead of silently becoming a
// new archive, and only a brand-new data directory may receive the demo.
import net from 'node:net';
import type { Config } from '../config.js';
import { sqlitePath } from '../config.js';
import { DanganError } from '../domain/errors.js';
import { inspectDataDir, securePrivateDir, sqliteFileState, type DataDirState } from '../store/data-dir.js';

export interface StartOptions {
  /** `--init`: a new, empty archive may be created in a data directory that already holds other files. */
  init?: boolean;
}

function databaseMissing(config: Config, state: DataDirState, file: string, how: string): DanganError {
  const shown = state.entries.slice(0, 8).join(', ') + (state.entries.length > 8 ? ', …' : '');
  return new DanganError(
    'DATABASE_MISSING',
    { dataDir: config.dataDir, database: file, entries: state.entries },
    {
      en:
        `${config.dataDir} holds ${shown}, but the database ${file} is ${how}: this looks like an archive whose ` +
        `database was lost or not restored, so no new archive and no demo are made. Restore the database from ` +
        `a backup, or run \`dangan serve --init\` to start a new, empty archive here on purpose.`,
      zh:
        `${config.dataDir} 中已有 ${shown}，但数据库 ${file} ${how === 'missing' ? '不存在' : '为空'}：` +
        `这像是数据库丢失或未恢复的档案，因此不会新建档案或载入演示数据。请从备份恢复数据库，` +
        `或运行 \`dangan serve --init\` 有意在此新建空档案。`,
    },
  );
}

/**
 * Looks at the data directory before anything is written into it, refuses a missing or empty SQLite file
 * beside other files (unless --init), then makes the directory owner-only. Returns what it found.
 */
export function checkDataDir(config: Config, options: StartOptions = {}): DataDirState {
  const state = inspectDataDir(config.dataDir);
  if (config.database.client === 'sqlite') {
    const file = sqlitePath(config);
    const found = sqliteFileState(file);
    if (found !== 'present' && !state.brandNew && !options.init)
      throw databaseMissing(config, state, file, found);
  }
  securePrivateDir(config.dataDir);
  return state;
}

/** The demo loads only into a brand-new data directory (SQLite) whose database never held an archive. */
export function mayLoadDemo(
  config: Config,
  state: DataDirState,
  pristine: boolean,
  options: StartOptions = {},
): boolean {
  if (!config.demo.loadOnFirstStart || options.init || !pristine) return false;
  return config.database.client !== 'sqlite' || state.brandNew;
}

/** A listen error (EADDRINUSE, EACCES, EADDRNOTAVAIL …) as a coded error that names the address. */
export function listenError(e: unknown, host: string, port: number): DanganError | unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('E')) return e;
  const at = `${host}:${port}`;
  if (code === 'EADDRINUSE') {
    return new DanganError(
      'PORT_IN_USE',
      { host, port },
      {
        en: `Port ${port} on ${host} is already in use (another Dangan or another program listens there). Stop it, or choose another port with --port or DANGAN_PORT.`,
        zh: `${host} 上的端口 ${port} 已被占用（另一个 Dangan 或其他程序正在监听）。请停止它，或用 --port / DANGAN_PORT 选择其他端口。`,
      },
    );
  }
  return new DanganError(
    'LISTEN_FAILED',
    { host, port, cause: code },
    {
      en: `Cannot listen on ${at} (${code}: ${(e as Error).message}). Check host (DANGAN_HOST) and port (DANGAN_PORT).`,
      zh: `无法监听 ${at}（${code}：${(e as Error).message}）。请检查 host（DANGAN_HOST）与 port（DANGAN_PORT）。`,
    },
  );
}

/**
 * Binds the configured address once and lets it go, so a taken port stops the start before anything is
 * written (no demo loaded, no key made). Port 0 (any free port) needs no check. The real listen still reports
 * a port taken in between.
 */
export async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (e) => reject(listenError(e, host, port)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
