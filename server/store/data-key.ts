// Finds the data key and makes sure it is this archive's. The key's fingerprint is stored in `settings` the
// first time; later starts compare it. A database that holds sealed values never gets a new key made for it:
// a missing or different key stops the start with what to do, instead of every ID-number read failing later.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DanganError } from '../domain/errors.js';
import { PRIVATE_FILE_MODE, securePrivateDir } from './data-dir.js';
import type { Queryable } from './db.js';
import { createFieldCipher, keyFingerprint } from './secrets.js';

export const FINGERPRINT_SETTING = 'data_key_fingerprint';
/** Where versions before security.keyFile kept the key. */
export const LEGACY_KEY_NAME = 'data.key';

export interface DataKeySources {
  /** security.dataKey (DANGAN_DATA_KEY): wins over any file. */
  configured?: string;
  /** security.keyFile (DANGAN_KEY_FILE), absolute. */
  keyFile: string;
  dataDir: string;
}

export interface OpenedDataKey {
  key: string;
  fingerprint: string;
  /** Where it came from: 'created' only for an archive with no sealed values. */
  source: 'configured' | 'file' | 'legacy-file' | 'created';
  /** Things the operator should fix (a key left inside dataDir); the start goes on. */
  warnings: string[];
}

const KEY_PATTERN = /^[0-9a-f]{64}$/i;

function readKeyFile(file: string): string {
  const key = readFileSync(file, 'utf8').trim();
  if (!KEY_PATTERN.test(key)) {
    // Never quote the content: it may be a key with one character wrong.
    const what =
      key === '' ? 'is empty' : `holds ${key.length} characters that are not a 64-hex-character key`;
    const zhWhat = key === '' ? '为空' : `包含 ${key.length} 个字符，不是 64 位十六进制密钥`;
    throw new DanganError(
      'DATA_KEY_INVALID',
      { keyFile: file, length: key.length },
      {
        en: `The data key file ${file} ${what}. Restore it from its backup, or point DANGAN_KEY_FILE or DANGAN_DATA_KEY at the right key.`,
        zh: `数据密钥文件 ${file} ${zhWhat}。请从备份恢复，或用 DANGAN_KEY_FILE / DANGAN_DATA_KEY 指定正确的密钥。`,
      },
    );
  }
  return key.toLowerCase();
}

function createKeyFile(file: string): string {
  securePrivateDir(path.dirname(file));
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  return key;
}

function legacyWarning(legacy: string, keyFile: string): string {
  return (
    `the data key was read from ${legacy}, inside the data directory, so every copy of the data carries it. ` +
    `Move it: mkdir -p -m 700 ${path.dirname(keyFile)} && mv ${legacy} ${keyFile} ` +
    `(or set DANGAN_KEY_FILE), and back it up apart from the data directory. ` +
    `数据密钥位于数据目录内，复制数据即带走密钥；请将其移至 ${keyFile} 并另行备份。`
  );
}

/** Finds a key without creating one. */
function findKey(sources: DataKeySources): Omit<OpenedDataKey, 'fingerprint'> | null {
  if (sources.configured)
    return { key: sources.configured.toLowerCase(), source: 'configured', warnings: [] };
  const legacy = path.join(sources.dataDir, LEGACY_KEY_NAME);
  const legacyExists = path.resolve(legacy) !== path.resolve(sources.keyFile) && existsSync(legacy);
  if (existsSync(sources.keyFile)) {
    const warnings = legacyExists
      ? [`${legacy} is ignored (the key is read from ${sources.keyFile}); remove it once you have checked`]
      : [];
    warnIfShared(sources.keyFile, warnings);
    return { key: readKeyFile(sources.keyFile), source: 'file', warnings };
  }
  if (legacyExists) {
    return {
      key: readKeyFile(legacy),
      source: 'legacy-file',
      warnings: [legacyWarning(legacy, sources.keyFile)],
    };
  }
  return null;
}

function warnIfShared(file: string, warnings: string[]): void {
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) warnings.push(`${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
}

export async function hasSealedValues(db: Queryable): Promise<boolean> {
  const row = await db('parties')
    .whereNotNull('id_number_enc')
    .orWhereNotNull('mobile_enc')
    .orWhereNotNull('home_phone_enc')
    .first('id');
  return row !== undefined;
}

async function sampleSealedValue(db: Queryable): Promise<string | null> {
  const row = (await db('parties')
    .whereNotNull('id_number_enc')
    .orWhereNotNull('mobile_enc')
    .orWhereNotNull('home_phone_enc')
    .orderBy('id')
    .first('id_number_enc', 'mobile_enc', 'home_phone_enc')) as Record<string, string | null> | undefined;
  return row ? (row.id_number_enc ?? row.mobile_enc ?? row.home_phone_enc ?? null) : null;
}

function opens(key: string, sealed: string): boolean {
  try {
    createFieldCipher(key).decrypt(sealed);
    return true;
  } catch {
    return false;
  }
}

async function storedFingerprint(db: Queryable): Promise<string | null> {
  const row = (await db('settings').where({ key: FINGERPRINT_SETTING }).first('value')) as
    { value: string } | undefined;
  return row?.value ?? null;
}

async function storeFingerprint(db: Queryable, fingerprint: string): Promise<void> {
  await db('settings').insert({ key: FINGERPRINT_SETTING, value: fingerprint }).onConflict('key').merge();
}

function missingKey(sources: DataKeySources): DanganError {
  const where = sources.keyFile;
  return new DanganError(
    'DATA_KEY_MISSING',
    { keyFile: where },
    {
      en:
        `The archive holds encrypted ID and phone numbers, but no data key was found (DANGAN_DATA_KEY is unset ` +
        `and ${where} does not exist). Restore the key file from its backup to ${where}, or point ` +
        `DANGAN_KEY_FILE or DANGAN_DATA_KEY at it. A new key is not made: it could not read the existing data.`,
      zh:
        `档案中有加密的证件号和电话，但找不到数据密钥（未设置 DANGAN_DATA_KEY，且 ${where} 不存在）。` +
        `请从备份恢复密钥文件到 ${where}，或用 DANGAN_KEY_FILE / DANGAN_DATA_KEY 指定它。` +
        `系统不会新建密钥：新密钥无法读取已有数据。`,
    },
  );
}

function wrongKey(found: OpenedDataKey, expected: string | null, sources: DataKeySources): DanganError {
  const from =
    found.source === 'configured'
      ? 'DANGAN_DATA_KEY'
      : found.source === 'legacy-file'
        ? path.join(sources.dataDir, LEGACY_KEY_NAME)
        : sources.keyFile;
  return new DanganError(
    'DATA_KEY_MISMATCH',
    { from, fingerprint: found.fingerprint, expected },
    {
      en:
        `The data key from ${from} (fingerprint ${found.fingerprint}) is not this archive's` +
        `${expected ? ` (it expects ${expected})` : ''}: its encrypted ID and phone numbers cannot be read. ` +
        `Use the key this archive was created with (restore it from its backup).`,
      zh:
        `来自 ${from} 的数据密钥（指纹 ${found.fingerprint}）不属于此档案` +
        `${expected ? `（应为 ${expected}）` : ''}，无法读取加密的证件号和电话。请使用建档时的密钥（从备份恢复）。`,
    },
  );
}

/**
 * The archive's data key: found, checked against the stored fingerprint (or, for an archive from before
 * fingerprints, against one sealed value), and recorded. A key is created only for an archive without sealed
 * values.
 */
export async function openDataKey(db: Queryable, sources: DataKeySources): Promise<OpenedDataKey> {
  const sealed = await hasSealedValues(db);
  const expected = await storedFingerprint(db);
  const found = findKey(sources);
  if (!found && sealed) throw missingKey(sources);
  const base = found ?? { key: createKeyFile(sources.keyFile), source: 'created' as const, warnings: [] };
  const opened: OpenedDataKey = { ...base, fingerprint: keyFingerprint(base.key) };
  if (opened.fingerprint === expected) return opened;
  if (sealed) {
    if (expected !== null) throw wrongKey(opened, expected, sources);
    const sample = await sampleSealedValue(db);
    if (sample && !opens(opened.key, sample)) throw wrongKey(opened, null, sources);
  } else if (expected !== null) {
    opened.warnings.push(
      `the data key changed (fingerprint ${expected} -> ${opened.fingerprint}); the archive holds no encrypted values yet, so the new key is taken`,
    );
  }
  await storeFingerprint(db, opened.fingerprint);
  return opened;
}
