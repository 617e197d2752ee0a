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

/** Where `loadConfig` looked for the configuration file, for messages. */
export interface ConfigFileSeen {
  path: string;
  found: boolean;
}

/**
 * For commands that work on an existing archive (`migrate`, `verify-log`, `print`): refuses, before anything
 * is created, when the SQLite database is missing or empty, and says where it looked. Only `serve` (a
 * brand-new data directory, or `--init`) and `demo` make a new archive. PostgreSQL is not checked here: its
 * database is made by the site's administrator, not by dangan.
 */
export function requireArchive(config: Config, configFile: ConfigFileSeen): void {
  if (config.database.client !== 'sqlite') return;
  const file = sqlitePath(config);
  const found = sqliteFileState(file);
  if (found === 'present') return;
  const dirFound = inspectDataDir(config.dataDir);
  const cfg = configFile.found ? `${configFile.path} (read)` : `${configFile.path} (not found)`;
  const zhCfg = configFile.found ? `${configFile.path}（已读取）` : `${configFile.path}（不存在）`;
  const dir = dirFound.brandNew ? 'missing or empty' : 'present';
  const zhDir = dir === 'present' ? '存在' : '不存在或为空';
  const db = found === 'missing' ? 'not found' : 'empty (0 bytes)';
  const zhDb = found === 'missing' ? '不存在' : '为空（0 字节）';
  throw new DanganError(
    'ARCHIVE_NOT_FOUND',
    { configFile: configFile.path, configFound: configFile.found, dataDir: config.dataDir, database: file },
    {
      en:
        `No archive here. Looked for the configuration file ${cfg}, the data directory ${config.dataDir} ` +
        `(${dir}) and the database ${file} (${db}); nothing was created. Run dangan in the directory that ` +
        `holds dangan.config.json or data/, or set DANGAN_CONFIG or DANGAN_DATA_DIR; \`dangan serve\` creates a ` +
        `new archive.`,
      zh:
        `此处没有档案。查找了配置文件 ${zhCfg}、数据目录 ${config.dataDir}（${zhDir}）和数据库 ${file}（${zhDb}），` +
        `未创建任何文件。请在含有 dangan.config.json 或 data/ 的目录中运行 dangan，或设置 DANGAN_CONFIG / ` +
        `DANGAN_DATA_DIR；新建档案请用 \`dangan serve\`。`,
    },
  );
}
