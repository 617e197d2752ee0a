// Labels and printing: turns a selection of records (folders, boxes, locations, badges) into labels,
// previews them in any format without side effects, and prints them on a configured printer.
//
// A print job is: check rights → read the records → lay out and render in the printer's language → send →
// then, in ONE write transaction, record every label in label_prints and, for each item label that was
// printed before, append a 'relabel' custody row (reason `reprint: <why>`), because the old label may still
// be on a shelf. Printing comes first and recording second: a job the printer refused leaves no trace (the
// custody log is append-only, so a relabel row for a label that never came out could never be taken back),
// while the rare print whose recording then fails is reported as LABEL_PRINT_NOT_RECORDED.
//
// The steps are modules of their own: printing-selection.ts (what a job covers and who may print it),
// printing-render.ts (layout and rendering), printing-transport.ts (sending), printing-record.ts (recording)
// and printing-health.ts (printer probes). This module composes them and is their one entry point.
import type { TemplateName } from '../../labels/index.js';
import type { Actor } from '../domain/access.js';
import { DanganError } from '../domain/errors.js';
import { printedBefore } from '../store/labels.js';
import type { PrinterConfig, PrinterLanguage } from './printing-config.js';
import { printerStatuses, type HealthDeps, type PrinterStatus } from './printing-health.js';
import { printRecorder, type PrintedLabel, type RecordDeps } from './printing-record.js';
import {
  labelsLayer,
  previewFormat,
  renderForPrinter,
  renderPreview,
  type LabelFormat,
  type Preview,
  type PreviewOptions,
} from './printing-render.js';
import {
  assertRoleMayLabel,
  assertTemplate,
  labelCollector,
  mayPrint,
  subjectOf,
  type LabelSelection,
  type Requester,
} from './printing-selection.js';
import { printerTransports, type TransportDeps } from './printing-transport.js';

export {
  printerConfigSchema,
  printersConfigSchema,
  printerDeviceIssues,
  parsePrinters,
  PRINTER_LANGUAGES,
  type PrinterConfig,
  type PrinterConfigInput,
  type PrinterLanguage,
} from './printing-config.js';
export type { PrinterState, PrinterStatus } from './printing-health.js';
export type { PrintedLabel } from './printing-record.js';
export {
  CONTENT_TYPES,
  fromLabelError,
  inlineScriptHashes,
  LABEL_FORMATS,
  type LabelFormat,
  type Preview,
  type PreviewOptions,
} from './printing-render.js';
export { MAX_LABELS_PER_JOB, type LabelSelection, type Requester } from './printing-selection.js';
export type { SerialDeviceStatus } from './printing-transport.js';

export interface PrintRequest {
  template: TemplateName;
  selection: LabelSelection;
  printer: string;
  /** Why labels printed before are printed again; required when there are any. */
  reason?: string | null;
  copies?: number;
}

export interface PrintResult {
  job: string;
  printer: string;
  language: PrinterLanguage;
  template: TemplateName;
  labels: PrintedLabel[];
  bytes: number;
  /** Browser printers: the page the operator's browser prints. */
  page?: string;
}

/** What the service runs on; the fields each step needs are documented with that step. */
export interface PrintingDeps extends TransportDeps, HealthDeps, RecordDeps {
  /** Top line of badges; default: the site's name when there is one site. */
  organisation?: string;
}

export function createPrintingService(deps: PrintingDeps) {
  const { db } = deps;
  const printers = new Map(deps.printers.map((p) => [p.name, p]));
  const collect = labelCollector(deps);
  const transportOf = printerTransports(deps);
  const record = printRecorder(deps);

  function printerNamed(name: string): PrinterConfig {
    const p = printers.get(name);
    if (!p) {
      const known = [...printers.keys()];
      throw new DanganError(
        'PRINTER_UNKNOWN',
        { printer: name, known },
        {
          zh: `没有这台打印机：${name}${known.length ? `（可用：${known.join('、')}）` : '（未配置打印机）'}`,
          en: `No printer named ${name}${known.length ? ` (configured: ${known.join(', ')})` : ' (none configured)'}`,
        },
      );
    }
    return p;
  }

  return {
    /** Names of the configured printers. */
    printerNames: (): string[] => [...printers.keys()],

    mayPrint,

    /** Every printer's state, checked now and in parallel; a failing printer is a state, never a rejection. */
    async health(actor?: Actor): Promise<PrinterStatus[]> {
      if (actor && !mayPrint(actor)) throw new DanganError('FORBIDDEN', { action: 'item.label' });
      return printerStatuses(deps);
    },

    /** Renders the labels in `format` (or the printer's language) without printing or recording anything. */
    async preview(
      requester: Requester,
      selection: LabelSelection,
      template: string,
      format: LabelFormat | undefined,
      opts: PreviewOptions = {},
    ): Promise<Preview> {
      assertTemplate(template);
      assertRoleMayLabel(requester.actor, template);
      const printer = opts.printer === undefined ? undefined : printerNamed(opts.printer);
      const fmt = previewFormat(format, printer);
      const { inputs } = await collect(requester, template, selection);
      return renderPreview(inputs, template, fmt, printer, opts);
    },

    /**
     * Prints on a configured printer in its language, then records the job (label_prints, and a 'relabel'
     * custody row per item label printed before) in one transaction.
     */
    async print(requester: Requester, request: PrintRequest): Promise<PrintResult> {
      const { template, selection } = request;
      assertTemplate(template);
      assertRoleMayLabel(requester.actor, template);
      const printer = printerNamed(request.printer);
      const { inputs, subjects } = await collect(requester, template, selection);
      const reason = request.reason?.trim() ? request.reason.trim().slice(0, 200) : null;
      const before = await printedBefore(
        db.knex,
        subjectOf(template),
        subjects.map((s) => s.id),
        template,
      );
      if (before.size > 0 && !reason) {
        const again = subjects.filter((s) => before.has(s.id)).map((s) => s.code);
        throw new DanganError('REPRINT_REASON_REQUIRED', { labels: again });
      }
      const copies = request.copies ?? printer.copies;
      const bytes = await renderForPrinter(inputs, template, printer, copies);
      const actorUserId = requester.actor?.userId ?? null;
      await labelsLayer(() => transportOf(printer, actorUserId).send(bytes));
      let recorded: { job: string; labels: PrintedLabel[] };
      try {
        recorded = await record(requester, printer, template, subjects, reason);
      } catch (e) {
        const cause = e as { code?: string; message?: string };
        throw new DanganError('LABEL_PRINT_NOT_RECORDED', {
          printer: printer.name,
          labels: subjects.map((s) => s.code),
          cause: cause.code ?? cause.message ?? String(e),
        });
      }
      return {
        ...recorded,
        printer: printer.name,
        language: printer.language,
        template,
        bytes: bytes.length,
        ...(printer.transport.type === 'browser' ? { page: bytes.toString('utf8') } : {}),
      };
    },
  };
}

export type PrintingService = ReturnType<typeof createPrintingService>;
