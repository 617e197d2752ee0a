// `dangan label` (render to a file or stdout, nothing recorded) and `dangan print` (send to a configured
// printer, recorded like a print from the web). Both open the database named by the configuration.
//
// Ids by template: folder / spine — folder barcode ids (F000000123) or EPCs; box — box barcode ids
// (B000000001); shelf / cabinet — location codes as stored and printed (R1-C01-S2, R1-C01); badge — badge
// numbers (U000000001). Instead of ids: --new (never labelled), --dossier 档号, --building ESTATE:BUILDING.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { TEMPLATE_NAMES, type TemplateName } from '../../labels/index.js';
import { configFilePath, loadConfig, type Config } from '../config.js';
import { requireArchive } from './start-guard.js';
import { DanganError } from '../domain/errors.js';
import { systemClock } from '../providers.js';
import {
  createPrintingService,
  LABEL_FORMATS,
  parsePrinters,
  type LabelFormat,
  type LabelSelection,
  type PrintingService,
  type Requester,
} from '../services/printing.js';
import { databaseOptions, openDatabase, pendingMigrations, type Database } from '../store/db.js';
import { actorOf } from '../store/users.js';
import type { Command } from './command.js';

const SELECTION_FLAGS = {
  new: { type: 'boolean' },
  limit: { type: 'string' },
  dossier: { type: 'string' },
  building: { type: 'string' },
} as const;

const BINARY: ReadonlySet<LabelFormat> = new Set<LabelFormat>(['png', 'pdf']);

class UsageError extends Error {}

function selectionOf(
  template: string,
  ids: string[],
  v: { new?: boolean; limit?: string; dossier?: string; building?: string },
): LabelSelection {
  const chosen = [ids.length > 0, v.new, v.dossier !== undefined, v.building !== undefined].filter(Boolean);
  if (chosen.length !== 1) {
    throw new UsageError('give ids, or one of --new, --dossier 档号, --building ESTATE:BUILDING');
  }
  if (template === 'shelf' || template === 'cabinet') {
    if (!ids.length) throw new UsageError(`${template} labels take location codes, e.g. R1-C01-S2`);
    return { kind: 'locations', locations: ids };
  }
  if (template === 'badge') {
    if (!ids.length) throw new UsageError('badge labels take badge numbers, e.g. U000000001');
    return { kind: 'badges', badges: ids };
  }
  if (v.new) {
    const limit = v.limit === undefined ? undefined : Number(v.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
      throw new UsageError('--limit takes a positive whole number');
    }
    return { kind: 'new', ...(limit ? { limit } : {}) };
  }
  if (v.dossier !== undefined) return { kind: 'dossier', dossier: v.dossier };
  if (v.building !== undefined) {
    const m = /^([^:]+):(.+)$/.exec(v.building);
    if (!m) throw new UsageError('--building takes ESTATE:BUILDING, e.g. HY:3');
    return { kind: 'building', estate: m[1]!, building: m[2]! };
  }
  return { kind: 'items', items: ids };
}

/** `cli:<os user>`: the station the log names for work done at this machine's command line. */
function cliStation(): string {
  let user = 'unknown';
  try {
    user = os.userInfo().username || user;
  } catch {
    // no passwd entry (containers): keep 'unknown'
  }
  return `cli:${user}`.slice(0, 64);
}

async function withPrinting<T>(
  env: Record<string, string | undefined>,
  work: (printing: PrintingService, db: Database, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig({ env });
  const printers = parsePrinters(config.printers);
  requireArchive(config, configFilePath({ env }));
  const db = openDatabase(databaseOptions(config));
  try {
    const printing = createPrintingService({ db, bus: null, clock: systemClock, printers });
    return await work(printing, db, config);
  } finally {
    await db.close();
  }
}

function writeStdout(bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(bytes, (err) => (err ? reject(err) : resolve()));
  });
}

function usageFailure(name: string, usage: string, e: UsageError): number {
  console.error(
    `dangan ${name}: ${e.message}\nusage: dangan ${usage}\ntemplates: ${TEMPLATE_NAMES.join(', ')}`,
  );
  return 1;
}

const LABEL_USAGE =
  'label <template> <id…> --format svg|png|pdf|zpl|tspl|html [--out FILE] [--size WxH] [--dpi N] [--printer NAME] [--sheet a4]';
const PRINT_USAGE = 'print <template> <id…> --printer NAME [--reason TEXT] [--user USERNAME] [--copies N]';

const label: Command = {
  usage: LABEL_USAGE,
  summary: 'render labels to a file or stdout (folder/spine F…, box B…, shelf/cabinet codes, badge U…)',
  async run(args, env) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        out: { type: 'string', short: 'o' },
        size: { type: 'string' },
        dpi: { type: 'string' },
        printer: { type: 'string' },
        sheet: { type: 'string' },
        code2d: { type: 'string' },
        ...SELECTION_FLAGS,
      },
    });
    const [template, ...ids] = positionals;
    let selection: LabelSelection;
    try {
      if (!template) throw new UsageError('which template?');
      if (values.format === undefined && values.printer === undefined) {
        throw new UsageError(`--format ${LABEL_FORMATS.join('|')} (or --printer NAME)`);
      }
      if (values.format !== undefined && !(LABEL_FORMATS as readonly string[]).includes(values.format)) {
        throw new UsageError(`unknown format ${values.format}; use ${LABEL_FORMATS.join(', ')}`);
      }
      if (values.dpi !== undefined && !['203', '300', '600'].includes(values.dpi)) {
        throw new UsageError('--dpi is 203, 300 or 600');
      }
      if (values.sheet !== undefined && values.sheet !== 'a4') throw new UsageError('--sheet a4');
      if (values.code2d !== undefined && values.code2d !== 'qrcode' && values.code2d !== 'datamatrix') {
        throw new UsageError('--code2d qrcode|datamatrix');
      }
      selection = selectionOf(template, ids, values);
    } catch (e) {
      if (e instanceof UsageError) return usageFailure('label', LABEL_USAGE, e);
      throw e;
    }
    const format = values.format as LabelFormat | undefined;
    if (!values.out && process.stdout.isTTY && BINARY.has(format ?? 'zpl')) {
      console.error(`dangan label: ${format} is binary; write it with --out FILE or pipe it`);
      return 1;
    }
    return withPrinting(env, async (printing) => {
      const preview = await printing.preview(
        { actor: null, station: cliStation() },
        selection,
        template!,
        format,
        {
          size: values.size,
          dpi: values.dpi === undefined ? undefined : (Number(values.dpi) as 203 | 300 | 600),
          sheet: values.sheet as 'a4' | undefined,
          code2d: values.code2d as 'qrcode' | 'datamatrix' | undefined,
          printer: values.printer,
        },
      );
      if (values.out) {
        await writeFile(values.out, preview.bytes);
        console.log(
          `wrote ${preview.labels} ${template} label${preview.labels === 1 ? '' : 's'} as ${preview.format} (${preview.bytes.length} bytes) to ${values.out}`,
        );
      } else {
        await writeStdout(preview.bytes);
      }
      return 0;
    });
  },
};

const print: Command = {
  usage: PRINT_USAGE,
  summary: "print labels on a configured printer; a reprint needs --reason and is logged as 'relabel'",
  async run(args, env) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        printer: { type: 'string', short: 'p' },
        reason: { type: 'string' },
        user: { type: 'string', short: 'u' },
        copies: { type: 'string' },
        out: { type: 'string', short: 'o' },
        ...SELECTION_FLAGS,
      },
    });
    const [template, ...ids] = positionals;
    let selection: LabelSelection;
    let copies: number | undefined;
    try {
      if (!template) throw new UsageError('which template?');
      if (!values.printer) throw new UsageError('--printer NAME');
      if (values.copies !== undefined) {
        copies = Number(values.copies);
        if (!Number.isInteger(copies) || copies < 1 || copies > 99) throw new UsageError('--copies 1-99');
      }
      selection = selectionOf(template, ids, values);
    } catch (e) {
      if (e instanceof UsageError) return usageFailure('print', PRINT_USAGE, e);
      throw e;
    }
    return withPrinting(env, async (printing, db) => {
      if ((await pendingMigrations(db)) > 0) {
        console.error(`dangan print: ${db.describe} needs \`dangan migrate\` first`);
        return 1;
      }
      let requester: Requester = { actor: null, station: cliStation() };
      if (values.user !== undefined) {
        const user = (await db.knex('users').where({ username: values.user }).first('id')) as
          { id: number } | undefined;
        const actor = user ? await actorOf(db.knex, user.id) : null;
        if (!actor) {
          throw new DanganError(
            'USER_NOT_FOUND',
            { username: values.user },
            { zh: `找不到该人员：${values.user}`, en: `No such person: ${values.user}` },
          );
        }
        requester = { actor, station: cliStation() };
      }
      const result = await printing.print(requester, {
        template: template as TemplateName,
        selection,
        printer: values.printer!,
        reason: values.reason ?? null,
        copies,
      });
      const labels = result.labels
        .map((l) => `${l.id} ${l.kind}${l.custodySeq === null ? '' : ` (custody #${l.custodySeq})`}`)
        .join(', ');
      console.log(
        `printed ${result.labels.length} ${template} label${result.labels.length === 1 ? '' : 's'} on ${result.printer} (${result.language}, ${result.bytes} bytes, ${result.job}): ${labels}`,
      );
      if (result.page !== undefined) {
        if (values.out) {
          await writeFile(values.out, result.page);
          console.log(`browser printer: open ${values.out} and print it`);
        } else {
          console.log('browser printer: pass --out FILE to save the page to print');
        }
      }
      return 0;
    });
  },
};

/** For server/cli/registry.ts: `...LABEL_COMMANDS` in COMMANDS. */
export const LABEL_COMMANDS: Record<string, Command> = { label, print };
