// What `dangan serve` checks before it opens the database: a data directory that holds files but no database
// (a lost or unrestored dangan.sqlite next to a key or backups) stops the start instead of silently becoming a
// new archive, and only a brand-new data directory may receive the demo.
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
