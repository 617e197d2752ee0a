// Label printers as configured (`printers` in dangan.config.json): how each is reached, which language it
// speaks and what roll it holds. Validated once at start; the printing service trusts the parsed value.
import { z } from 'zod';
import { isLabelError, parseLabelSize, type LabelSize } from '../../labels/index.js';
import { DanganError } from '../domain/errors.js';

export const PRINTER_LANGUAGES = ['zpl', 'tspl', 'pdf', 'html'] as const;
export type PrinterLanguage = (typeof PRINTER_LANGUAGES)[number];

const ms = (max: number) => z.number().int().positive().max(max);

const tcp = z
  .object({
    type: z.literal('tcp'),
    host: z.string().trim().min(1).max(253),
    port: z.number().int().min(1).max(65535).default(9100),
    /** Connect timeout for jobs and for the health probe. */
    connectTimeoutMs: ms(60_000).default(3000),
    /** A printer that has not accepted the whole job after this long has stalled. */
    writeTimeoutMs: ms(300_000).default(30_000),
  })
  .strict();

const serial = z
  .object({
    type: z.literal('serial'),
    /** `hardware.devices[].id` of a device with role label-printer (protocol raw). */
    deviceId: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore'),
    writeTimeoutMs: ms(300_000).default(15_000),
  })
  .strict();

const spool = z
  .object({
    type: z.literal('spool'),
    /** A directory a print server or CUPS hot folder watches; one file per job. */
    dir: z.string().min(1),
    /** File extension with the dot; default by language (.zpl, .tspl, .pdf, .html). */
    extension: z
      .string()
      .regex(/^\.[A-Za-z0-9]{1,8}$/)
      .optional(),
  })
  .strict();

/** The operator's browser prints the HTML page through the OS driver of an office label printer. */
const browser = z.object({ type: z.literal('browser') }).strict();

const sizeSpec = z
  .union([
    z.string().min(1).max(20),
    z.object({ widthMm: z.number().positive(), heightMm: z.number().positive() }).strict(),
  ])
  .superRefine((v, ctx) => {
    try {
      parseLabelSize(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: isLabelError(e) ? e.messageEn : String(e) });
    }
  });

export const printerConfigSchema = z
  .object({
    /** What people and the API call it: `zebra-1`, `office-a4`. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, '1-64 letters, digits, dot, dash, underscore'),
    description: z.string().max(200).optional(),
    transport: z.discriminatedUnion('type', [tcp, serial, spool, browser]),
    language: z.enum(PRINTER_LANGUAGES),
    /** Print head resolution; PDF/HTML snap barcode modules to it. */
    dpi: z.union([z.literal(203), z.literal(300)]).default(203),
    /** The roll loaded: a preset (`60x40`, `100x50`, `70x37`, `86x54`, `30x100`), `WxH` in mm, or {widthMm, heightMm}. Default: each template's own size. */
    size: sizeSpec.optional(),
    /** RFID model with tagged media: the EPC is written to the inlay (ZPL ^RFW, TSPL RFID WRITE). */
    rfid: z.boolean().default(false),
    /** ZPL: the printer-resident TrueType CJK font, as drive:file (default E:SIMSUN.TTF). */
    zplFont: z
      .string()
      .regex(/^[A-Z]:[A-Za-z0-9_.-]{1,40}$/, 'drive:file, e.g. E:SIMSUN.TTF')
      .optional(),
    /** TSPL: the resident Chinese font (default TSS24.BF2). */
    tsplFont: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/)
      .optional(),
    /** TSPL: gap between labels on the liner, mm. */
    gapMm: z.number().min(0).max(20).optional(),
    code2d: z.enum(['qrcode', 'datamatrix']).optional(),
    /** Copies of each label per job. */
    copies: z.number().int().min(1).max(99).default(1),
    /** PDF only: labels on A4 sheets (office printer) instead of one page per label (roll). */
    sheet: z.literal('a4').optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (p.transport.type === 'browser' && p.language !== 'html') {
      issue('language', 'a browser printer prints the HTML page: language must be html');
    }
    if (p.language === 'html' && p.transport.type !== 'browser' && p.transport.type !== 'spool') {
      issue('transport', 'html goes to the browser (or a spool directory)');
    }
    if (p.rfid && p.language !== 'zpl' && p.language !== 'tspl') {
      issue('rfid', 'only ZPL and TSPL printers encode RFID inlays');
    }
    if (p.sheet && p.language !== 'pdf') issue('sheet', 'sheets are for pdf printers');
    if (p.zplFont && p.language !== 'zpl') issue('zplFont', 'zplFont is for zpl printers');
    if ((p.tsplFont || p.gapMm !== undefined) && p.language !== 'tspl') {
      issue(p.tsplFont ? 'tsplFont' : 'gapMm', 'for tspl printers only');
    }
  });

export type PrinterConfig = z.output<typeof printerConfigSchema>;
export type PrinterConfigInput = z.input<typeof printerConfigSchema>;

/** `config.printers`: the list, with unique names. Parsing its own output again gives the same value. */
export const printersConfigSchema = z
  .array(printerConfigSchema)
  .default([])
  .superRefine((list, ctx) => {
    const names = list.map((p) => p.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) {
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate printer ${name}` });
      }
    });
  });

/**
 * Cross-checks against `hardware.devices`: a serial printer must name a configured device with role
 * label-printer. For config.ts's superRefine (paths are relative to the config root).
 */
export function printerDeviceIssues(
  printers: readonly PrinterConfig[],
  devices: ReadonlyArray<{ id: string; role: string }>,
): Array<{ path: Array<string | number>; message: string }> {
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  printers.forEach((p, i) => {
    if (p.transport.type !== 'serial') return;
    const id = p.transport.deviceId;
    const device = devices.find((d) => d.id === id);
    const path = ['printers', i, 'transport', 'deviceId'];
    if (!device) issues.push({ path, message: `printer ${p.name}: no hardware device ${id}` });
    else if (device.role !== 'label-printer') {
      issues.push({
        path,
        message: `printer ${p.name}: device ${id} has role ${device.role}, not label-printer`,
      });
    }
  });
  return issues;
}

/** Parses printers from a config object that may not have validated them yet (CONFIG_INVALID otherwise). */
export function parsePrinters(raw: unknown): PrinterConfig[] {
  const parsed = printersConfigSchema.safeParse(raw ?? []);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `printers.${i.path.join('.')}: ${i.message}`);
  throw new DanganError(
    'CONFIG_INVALID',
    { problems },
    {
      zh: `打印机配置不正确：${problems.join('；')}`,
      en: `Invalid printer configuration: ${problems.join('; ')}`,
    },
  );
}

/** The printer's roll, or undefined for "each template's own size". */
export function printerSize(p: PrinterConfig): LabelSize | undefined {
  return p.size === undefined ? undefined : parseLabelSize(p.size);
}
