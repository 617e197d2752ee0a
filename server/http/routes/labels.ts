// Labels and printers: printer health, previews in any format (the HTML page is the browser workflow for
// office label printers with OS drivers), and print jobs on configured printers.
import { z } from 'zod';
import { TEMPLATE_NAMES, type TemplateName } from '../../../labels/index.js';
import type { SessionActor } from '../../services/auth.js';
import {
  inlineScriptHashes,
  LABEL_FORMATS,
  MAX_LABELS_PER_JOB,
  PRINTER_LANGUAGES,
  type PrintingService,
  type Requester,
} from '../../services/printing.js';
import { defineRoute } from '../route.js';
import { ItemRef } from '../schemas.js';

const code = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore');
const id = z.number().int().positive();
// No schema maximum on the lists: the service refuses more than MAX_LABELS_PER_JOB distinct entries with
// LABEL_SELECTION_TOO_LARGE (details: max, count), the same code a building too large for one job gets; the
// 256 kB body limit bounds what is read.
const many = <T extends z.ZodType>(of: T) =>
  z
    .array(of)
    .min(1)
    .openapi({ description: `At most ${MAX_LABELS_PER_JOB} per job (LABEL_SELECTION_TOO_LARGE beyond)` });

export const LabelSelectionSchema = z
  .discriminatedUnion('kind', [
    z
      .object({ kind: z.literal('items'), items: many(ItemRef) })
      .strict()
      .openapi({ description: 'Folders or boxes by id, barcode id or EPC' }),
    z
      .object({
        kind: z.literal('new'),
        limit: z.number().int().min(1).max(MAX_LABELS_PER_JOB).optional(),
      })
      .strict()
      .openapi({
        description: 'Registered items never labelled with this template, oldest first (default 100)',
      }),
    z
      .object({ kind: z.literal('building'), estate: z.union([id, code]), building: code })
      .strict()
      .openapi({
        description: 'All folders (boxes) of the dossiers in one building: estate id or code, building code',
      }),
    z
      .object({ kind: z.literal('dossier'), dossier: z.union([id, code]) })
      .strict()
      .openapi({ description: 'All folders (boxes) of one dossier, by id or 档号' }),
    z
      .object({ kind: z.literal('locations'), locations: many(z.union([id, code])) })
      .strict()
      .openapi({ description: 'Shelves, positions or cabinets by id or code (shelf / cabinet templates)' }),
    z
      .object({ kind: z.literal('badges'), badges: many(z.union([id, code])) })
      .strict()
      .openapi({ description: 'Staff badges by badge number or user id (badge template)' }),
  ])
  .openapi('LabelSelection');

const Template = z.enum(TEMPLATE_NAMES as [TemplateName, ...TemplateName[]]).openapi({ example: 'folder' });
const printer = z.string().trim().min(1).max(64).openapi({ example: 'zebra-1' });

const PreviewBody = z
  .object({
    template: Template,
    selection: LabelSelectionSchema,
    format: z.enum(LABEL_FORMATS).optional().openapi({ description: "Default: the printer's language" }),
    printer: printer.optional().openapi({ description: 'Render exactly as this printer would get the job' }),
    size: z.string().trim().min(1).max(20).optional().openapi({ example: '60x40' }),
    dpi: z.union([z.literal(203), z.literal(300), z.literal(600)]).optional(),
    code2d: z.enum(['qrcode', 'datamatrix']).optional(),
    sheet: z.literal('a4').optional().openapi({ description: 'PDF: labels on A4 sheets' }),
    autoPrint: z.boolean().optional().openapi({ description: 'HTML: open the print dialog once loaded' }),
  })
  .strict()
  .refine((b) => b.format !== undefined || b.printer !== undefined, {
    message: 'give a format or a printer',
    path: ['format'],
  });

const PrintBody = z
  .object({
    template: Template,
    selection: LabelSelectionSchema,
    printer,
    reason: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'Why labels printed before are printed again (required for reprints)' }),
    copies: z.number().int().min(1).max(99).optional(),
  })
  .strict();

const PrinterStatusView = z
  .object({
    name: z.string(),
    description: z.string().nullable(),
    transport: z.enum(['tcp', 'serial', 'spool', 'browser']),
    language: z.enum(PRINTER_LANGUAGES),
    dpi: z.number().int(),
    size: z.string().nullable(),
    rfid: z.boolean(),
    state: z.enum(['ready', 'unreachable', 'error']),
    detail: z.string().nullable(),
    checkedAt: z.string(),
  })
  .openapi('PrinterStatus');

const PrintResultView = z
  .object({
    job: z.string(),
    printer: z.string(),
    language: z.enum(PRINTER_LANGUAGES),
    template: z.string(),
    bytes: z.number().int(),
    labels: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['first', 'reprint']),
        custodySeq: z.number().int().nullable(),
      }),
    ),
    page: z.string().optional().openapi({ description: 'Browser printers: the HTML page to print' }),
  })
  .openapi('PrintResult');

const requester = (actor: SessionActor): Requester => ({ actor, station: actor.station ?? 'web' });

export function labelRoutes(printing: PrintingService) {
  return [
    defineRoute({
      method: 'get',
      path: '/printers',
      summary: 'Configured label printers and whether each is ready now',
      tag: 'labels',
      auth: 'session',
      response: z.object({ printers: z.array(PrinterStatusView) }),
      handler: async ({ actor }) => ({ printers: await printing.health(actor) }),
    }),
    defineRoute({
      method: 'post',
      path: '/labels/preview',
      summary:
        'Render labels without printing: SVG or PNG (one label), PDF, ZPL, TSPL, or the HTML page an office label printer prints through its own driver',
      tag: 'labels',
      auth: 'session',
      body: PreviewBody,
      // The body is the document itself in its own content type (image/svg+xml, image/png,
      // application/pdf, text/plain for ZPL/TSPL, text/html); X-Label-Count says how many labels.
      response: z.string().openapi({ format: 'binary', description: 'The rendered document' }),
      handler: async ({ actor, body, res }) => {
        const preview = await printing.preview(requester(actor), body.selection, body.template, body.format, {
          size: body.size,
          dpi: body.dpi,
          code2d: body.code2d,
          sheet: body.sheet,
          autoPrint: body.autoPrint,
          printer: body.printer,
        });
        const name = `labels-${body.template}.${preview.format === 'tspl' ? 'tspl' : preview.format}`;
        res.status(200);
        res.setHeader('Content-Type', preview.contentType);
        res.setHeader('Content-Disposition', `inline; filename="${name}"`);
        res.setHeader('X-Label-Count', String(preview.labels));
        if (preview.format === 'html' || preview.format === 'svg') {
          // A document of its own: inline styles, no network, and only the print script the renderer wrote.
          const scripts = inlineScriptHashes(preview.bytes.toString('utf8'));
          res.setHeader(
            'Content-Security-Policy',
            [
              "default-src 'none'",
              "style-src 'unsafe-inline'",
              'img-src data:',
              `script-src ${scripts.length ? scripts.join(' ') : "'none'"}`,
              "frame-ancestors 'self'",
              "base-uri 'none'",
              "form-action 'none'",
            ].join('; '),
          );
        }
        res.end(preview.bytes);
        return '';
      },
    }),
    defineRoute({
      method: 'post',
      path: '/labels/print',
      summary:
        "Print labels on a configured printer in its language; a reprint of an item's label needs a reason and is logged as 'relabel'",
      tag: 'labels',
      auth: 'session',
      body: PrintBody,
      response: PrintResultView,
      handler: async ({ actor, body }) =>
        printing.print(requester(actor), {
          template: body.template,
          selection: body.selection,
          printer: body.printer,
          reason: body.reason ?? null,
          copies: body.copies,
        }),
    }),
  ];
}
