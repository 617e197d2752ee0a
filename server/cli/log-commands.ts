// `dangan export-log` and `dangan verify-log`: the custody log out to a file (or stdout) for a log
// platform, and such a file checked again with no database. The formats and the checking are pure
// (domain/ledger-export.ts); this file only reads and writes files and streams.
import { createReadStream, createWriteStream } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { configFilePath, loadConfig } from '../config.js';
import { createExportVerifier, EXPORT_FORMATS, type ExportFormat } from '../domain/ledger-export.js';
import { systemClock } from '../providers.js';
import { custodyExportLines, planCustodyExport } from '../services/custody-export.js';
import { databaseOptions, openDatabase } from '../store/db.js';
import type { Command } from './command.js';
import { runVerifyLog } from './commands.js';
import { requireArchive } from './start-guard.js';

/** Bad usage: exit 2 with the reason and the usage line. */
class UsageError extends Error {}

function flags(args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options']) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function withUsage(
  usage: string,
  run: (args: string[], env: Record<string, string | undefined>) => Promise<number>,
) {
  return async (args: string[], env: Record<string, string | undefined>) => {
    try {
      return await run(args, env);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      console.error(`dangan: ${e.message}\nusage: dangan ${usage}`);
      return 2;
    }
  };
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

const EXPORT_USAGE = 'export-log --format jsonl|syslog [--from SEQ] [--out FILE]';

async function exportLog(args: string[], env: Record<string, string | undefined>): Promise<number> {
  const v = flags(args, { format: { type: 'string' }, from: { type: 'string' }, out: { type: 'string' } });
  const format = v.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError('--format must be jsonl or syslog');
  let from = 1;
  if (v.from !== undefined) {
    if (typeof v.from !== 'string' || !/^[1-9]\d*$/.test(v.from))
      throw new UsageError('--from must be a seq (1 or more)');
    from = Number(v.from);
  }
  const config = loadConfig({ env });
  requireArchive(config, configFilePath({ env }));
  const db = openDatabase(databaseOptions(config));
  try {
    const plan = await planCustodyExport(db.knex, from);
    const out = typeof v.out === 'string' ? createWriteStream(v.out) : process.stdout;
    if (out !== process.stdout) await once(out, 'open');
    for await (const chunk of custodyExportLines(db.knex, plan, {
      format,
      hostname: os.hostname(),
      clock: systemClock,
    })) {
      await write(out, chunk);
    }
    if (out !== process.stdout) {
      out.end();
      await once(out, 'finish');
      console.error(`exported seq ${plan.from}..${plan.upTo} (${format}) to ${String(v.out)}`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

const VERIFY_USAGE = 'verify-log [--file EXPORT]';

/** Verifies an export file with no database: 0 sound, 1 broken, 2 unreadable. */
async function verifyFile(file: string): Promise<number> {
  const verifier = createExportVerifier();
  try {
    const input = createReadStream(file, { encoding: 'utf8' });
    const lines = createInterface({ input, crlfDelay: Infinity });
    for await (const line of lines) verifier.line(line);
  } catch (e) {
    console.error(`dangan verify-log: cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const v = verifier.end();
  if (v.ok) {
    const range = v.rows ? `seq ${v.firstSeq}..${v.lastSeq}` : `no rows after seq ${v.head!.seq}`;
    console.log(`verified ${v.rows} rows, ${range}, head ${v.head!.hash} (${v.format})`);
    return 0;
  }
  const bad = v.firstBad!;
  if (bad.problem === 'empty') {
    console.error(`dangan verify-log: ${file} is empty: not an export`);
    return 2;
  }
  console.error(`export BROKEN at seq ${bad.seq} (${bad.problem}): ${bad.why} [line ${bad.line}]`);
  return 1;
}

async function verifyLog(args: string[], env: Record<string, string | undefined>): Promise<number> {
  const v = flags(args, { file: { type: 'string' } });
  if (v.file !== undefined) {
    if (typeof v.file !== 'string' || v.file === '') throw new UsageError('--file needs a path');
    return verifyFile(v.file);
  }
  const config = loadConfig({ env });
  requireArchive(config, configFilePath({ env }));
  return runVerifyLog(config);
}

export const LOG_COMMANDS: Record<string, Command> = {
  'verify-log': {
    usage: VERIFY_USAGE,
    summary: "recompute the custody log's hash chain (the database's, or an export's); non-zero on a break",
    run: withUsage(VERIFY_USAGE, verifyLog),
  },
  'export-log': {
    usage: EXPORT_USAGE,
    summary: 'write the custody log, ending in its chain head, as JSON lines or RFC 5424 syslog',
    run: withUsage(EXPORT_USAGE, exportLog),
  },
};
