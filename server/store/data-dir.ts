// Owner-only permissions for what holds the archive: the data directory (0700) and the SQLite files (0600).
// SQLite creates a new database file as 0644 minus the umask, and gives -wal and -shm the main file's mode,
// so creating the main file as 0600 ourselves (and fixing an existing one) keeps all three private.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** The data directory as found before this start wrote anything into it. */
export interface DataDirState {
  /** Did not exist, or existed and was empty: nothing in it could be an archive. */
  brandNew: boolean;
  /** What it holds (names only), for messages. */
  entries: string[];
}

export function inspectDataDir(dir: string): DataDirState {
  if (!existsSync(dir)) return { brandNew: true, entries: [] };
  const entries = readdirSync(dir).sort();
  return { brandNew: entries.length === 0, entries };
}

/** Creates the directory (and missing parents) owner-only, and narrows an existing one to 0700. */
export function securePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if ((statSync(dir).mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dir, PRIVATE_DIR_MODE);
}

export type SqliteFileState = 'missing' | 'empty' | 'present';

export function sqliteFileState(filename: string): SqliteFileState {
  const stat = statSync(filename, { throwIfNoEntry: false });
  if (!stat) return 'missing';
  return stat.size === 0 ? 'empty' : 'present';
}

/**
 * Makes sure the database file exists with mode 0600 before SQLite opens it, and narrows an existing file and
 * any -wal / -shm left beside it (a crash, or an older version) to 0600.
 */
export function securePrivateSqliteFiles(filename: string): void {
  if (!existsSync(filename)) closeSync(openSync(filename, 'a', PRIVATE_FILE_MODE));
  for (const file of [filename, `${filename}-wal`, `${filename}-shm`, `${filename}-journal`]) {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat && (stat.mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(file, PRIVATE_FILE_MODE);
  }
}
