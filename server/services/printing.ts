// Labels and printing: turns a selection of records (folders, boxes, locations, badges) into labels,
// previews them in any format without side effects, and prints them on a configured printer.
//
// A print job is: check rights → read the records → lay out and render in the printer's language → send →
// then, in ONE write transaction, record every label in label_prints and, for each item label that was
// printed before, append a 'relabel' custody row (reason `reprint: <why>`), because the old label may still
// be on a shelf. Printing comes first and recording second: a job the printer refused leaves no trace (the
// custody log is append-only, so a relabel row for a label that never came out could never be taken back),
// while the rare print whose recording then fails is reported as LABEL_PRINT_NOT_RECORDED.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import {
  autoSheet,
  BrowserTransport,
  isLabelError,
  LabelError,
  layoutLabel,
  renderJob,
  renderPng,
  renderSvg,
  SerialTransport,
  SpoolTransport,
  TcpTransport,
  TEMPLATE_NAMES,
  type BrowserPage,
  type Code2D,
  type LabelInput,
  type LabelLayout,
  type LabelSize,
  type PrinterProfile,
  type PrinterTransport,
  type TemplateName,
  type WritableLike,
} from '../../labels/index.js';
import { assertCan, can, roleMay, type Action, type Actor } from '../domain/access.js';
import { nextState, isAllowed } from '../domain/custody.js';
import { DanganError, type ErrorCode } from '../domain/errors.js';
import type { CustodyEntry, CustodyFields } from '../domain/ledger.js';
import type { ItemKind, LocationKind } from '../domain/vocabulary.js';
import type { EventBus } from '../events.js';
import { systemRandom, type Clock, type Random } from '../providers.js';
import { appendCustody } from '../store/custody-log.js';
import type { Database } from '../store/db.js';
import { itemQuery, toItem, type ItemKey, type ItemRecord } from '../store/items.js';
import {
  badgeLabelData,
  boxLabelData,
  buildingItems,
  dossierItems,
  findLabelBadges,
  findLabelItems,
  findLabelLocations,
  folderLabelData,
  insertLabelPrints,
  locationLabelData,
  organisationName,
  printedBefore,
  spineLabelData,
  unlabelledItems,
  type ItemLabelRecord,
  type LabelPrintRow,
  type LabelSubject,
} from '../store/labels.js';
import { recordOf } from './items.js';
import { printerSize, type PrinterConfig, type PrinterLanguage } from './printing-config.js';
import { writeTransaction } from './unit-of-work.js';

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

/** More labels than this in one job are refused: print a building in batches. */
export const MAX_LABELS_PER_JOB = 500;

export const LABEL_FORMATS = ['svg', 'png', 'pdf', 'zpl', 'tspl', 'html'] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<LabelFormat, string>> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  pdf: 'application/pdf',
  // ZPL declares UTF-8 with ^CI28; TSPL is GBK for the printer's resident Chinese font.
  zpl: 'text/plain; charset=utf-8',
  tspl: 'text/plain; charset=gbk',
  html: 'text/html; charset=utf-8',
};

/** What a job covers. Item templates (folder, spine, box) take the first four; shelf/cabinet take locations. */
export type LabelSelection =
  /** Items by numeric id, barcode id (`F000000123`) or EPC (24 hex digits). */
  | { kind: 'items'; items: Array<number | string> }
  /** Registered items never labelled with this template, oldest first. */
  | { kind: 'new'; limit?: number }
  /** All folders (or boxes) of the dossiers in one building: estate by id or code, building by code. */
  | { kind: 'building'; estate: number | string; building: string }
  /** All folders (or boxes) of one dossier, by id or 档号. */
  | { kind: 'dossier'; dossier: number | string }
  /** Locations by id or code (`R1-C01-S2`). */
  | { kind: 'locations'; locations: Array<number | string> }
  /** Badges by badge number (`U000000001`) or user id. */
  | { kind: 'badges'; badges: Array<number | string> };

/**
 * Who asks. HTTP requests carry the signed-in actor, whose rights are checked per record. `actor: null` is
 * the local operator running the `dangan` CLI against the database it already holds: no rights are
 * checked and the log names the station (`cli:<os user>`) instead of a person.
 */
export type Requester = { actor: Actor; station?: string | null } | { actor: null; station: string };

export interface PreviewOptions {
  /** `60x40`, `WxH` in mm; default: the printer's roll, else the template's own size. */
  size?: string | LabelSize;
  dpi?: 203 | 300 | 600;
  code2d?: Code2D;
  /** PDF: labels on A4 sheets instead of one page per label. */
  sheet?: 'a4';
  /** HTML: open the print dialog when the page has loaded (the browser workflow). */
  autoPrint?: boolean;
  /** Render exactly as this printer would get it (its roll, resolution, fonts, RFID, copies). */
  printer?: string;
}

export interface Preview {
  bytes: Buffer;
  contentType: string;
  format: LabelFormat;
  labels: number;
  layouts: LabelLayout[];
}

export interface PrintRequest {
  template: TemplateName;
  selection: LabelSelection;
  printer: string;
  /** Why labels printed before are printed again; required when there are any. */
  reason?: string | null;
  copies?: number;
}

export interface PrintedLabel {
  /** What the label encodes: barcode id, location code or badge number. */
  id: string;
  kind: 'first' | 'reprint';
  /** The 'relabel' custody row of a reprinted item label. */
  custodySeq: number | null;
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

export type PrinterState = 'ready' | 'unreachable' | 'error';

export interface PrinterStatus {
  name: string;
  description: string | null;
  transport: PrinterConfig['transport']['type'];
  language: PrinterLanguage;
  dpi: number;
  size: string | null;
  rfid: boolean;
  state: PrinterState;
  detail: string | null;
  checkedAt: string;
}

/** What the hardware layer reports for a serial device (DeviceStatus has more; these are enough). */
export interface SerialDeviceStatus {
  state: string;
  path?: string | null;
  lastError?: string | null;
}

export interface PrintingDeps {
  db: Database;
  bus: EventBus | null;
  clock: Clock;
  random?: Random;
  printers: readonly PrinterConfig[];
  /** Current status of a serial device by id, null when there is no such device (hardware port manager). */
  serialStatus?: (deviceId: string) => SerialDeviceStatus | null;
  /** Raw write to a serial device (PortManager.write); without it serial printers are unreachable. */
  serialWrite?: (deviceId: string, bytes: Buffer) => Promise<void>;
  /** Hands a browser printer's page to the operator's browser (e.g. over the real-time channel). */
  browserDeliver?: (page: BrowserPage, to: { printer: string; actorUserId: number | null }) => Promise<void>;
  /** Top line of badges; default: the site's name when there is one site. */
  organisation?: string;
  /** Upper bound of a TCP health probe, default 2000 ms. */
  healthTimeoutMs?: number;
}

const ITEM_TEMPLATE_KIND: Partial<Record<TemplateName, ItemKind>> = {
  folder: 'folder',
  spine: 'folder',
  box: 'box',
};
const LOCATION_TEMPLATE_KINDS: Partial<Record<TemplateName, readonly LocationKind[]>> = {
  shelf: ['shelf', 'position'],
  cabinet: ['cabinet'],
};
const SPOOL_EXTENSIONS: Record<PrinterLanguage, string> = {
  zpl: '.zpl',
  tspl: '.tspl',
  pdf: '.pdf',
  html: '.html',
};

function subjectOf(template: TemplateName): LabelSubject {
  if (ITEM_TEMPLATE_KIND[template]) return 'item';
  return template === 'badge' ? 'badge' : 'location';
}

/** A LabelError from the labels layer as a DanganError with the same code, message and details. */
export function fromLabelError(e: unknown): unknown {
  if (!isLabelError(e)) return e;
  return new DanganError(e.code satisfies ErrorCode, e.details, { zh: e.messageZh, en: e.messageEn });
}

async function labelsLayer<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw fromLabelError(e);
  }
}

function assertTemplate(template: string): asserts template is TemplateName {
  if (!(TEMPLATE_NAMES as readonly string[]).includes(template)) {
    throw fromLabelError(
      new LabelError('LABEL_TEMPLATE_UNKNOWN', `${template} (use ${TEMPLATE_NAMES.join(', ')})`, {
        template,
      }),
    );
  }
}

/** A not-found error whose message names what was asked for (the CLI prints only the message). */
function notFound(code: ErrorCode, ref: unknown, details: Record<string, unknown>): DanganError {
  const base = new DanganError(code);
  return new DanganError(code, details, {
    zh: `${base.messages.zh}：${String(ref)}`,
    en: `${base.messages.en}: ${String(ref)}`,
  });
}

function itemKeyOf(ref: number | string): ItemKey {
  if (typeof ref === 'number') return { id: ref };
  const text = ref.trim();
  if (/^[0-9A-Fa-f]{24}$/.test(text)) return { epc: text.toUpperCase() };
  return { barcode: text.toUpperCase() };
}

/** The actions that let a role print a template's labels (any one of them). */
function labelActions(template: TemplateName): Action[] {
  const subject = subjectOf(template);
  if (subject === 'item') return ['item.label'];
  return subject === 'location' ? ['item.label', 'location.write'] : ['item.label', 'user.manage'];
}

/** A role that cannot print labels at all is refused before anything is read. */
function assertRoleMayLabel(actor: Actor | null, template: TemplateName): void {
  if (actor && !labelActions(template).some((a) => roleMay(actor.role, a))) {
    throw new DanganError('FORBIDDEN', { action: labelActions(template)[0], role: actor.role });
  }
}

interface Subject {
  subject: LabelSubject;
  id: number;
  code: string;
}

interface Collected {
  inputs: LabelInput[];
  subjects: Subject[];
}

export function createPrintingService(deps: PrintingDeps) {
  const { db, bus, clock } = deps;
  const random = deps.random ?? systemRandom;
  const printers = new Map(deps.printers.map((p) => [p.name, p]));
  const browsers = new Map<string, BrowserTransport>();

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

  function serialPort(deviceId: string): WritableLike | undefined {
    const write = deps.serialWrite;
    if (!write) return undefined;
    const status = deps.serialStatus?.(deviceId);
    if (status === null || (status && status.state !== 'connected')) return undefined;
    return {
      write(chunk, cb) {
        write(deviceId, Buffer.from(chunk)).then(
          () => cb?.(),
          (e: unknown) => cb?.(e instanceof Error ? e : new Error(String(e))),
        );
        return true;
      },
    };
  }

  function transportOf(p: PrinterConfig, actorUserId: number | null): PrinterTransport {
    const t = p.transport;
    switch (t.type) {
      case 'tcp':
        return new TcpTransport({
          host: t.host,
          port: t.port,
          connectTimeoutMs: t.connectTimeoutMs,
          writeTimeoutMs: t.writeTimeoutMs,
        });
      case 'serial':
        return new SerialTransport({
          name: `serial device ${t.deviceId}`,
          writeTimeoutMs: t.writeTimeoutMs,
          port: () => serialPort(t.deviceId),
        });
      case 'spool':
        return new SpoolTransport({
          dir: t.dir,
          extension: t.extension ?? SPOOL_EXTENSIONS[p.language],
          prefix: p.name,
          now: () => clock.now(),
        });
      case 'browser': {
        const deliver = deps.browserDeliver;
        if (deliver) {
          return new BrowserTransport({
            deliver: (page) => deliver(page, { printer: p.name, actorUserId }),
            now: () => clock.now(),
          });
        }
        // Without a sink the page goes back in the print result; the queue only keeps the latest few.
        let queue = browsers.get(p.name);
        if (!queue) browsers.set(p.name, (queue = new BrowserTransport({ maxQueued: 5 })));
        return queue;
      }
    }
  }

  function profileOf(
    p: Pick<PrinterConfig, 'language' | 'dpi' | 'rfid' | 'zplFont' | 'tsplFont' | 'gapMm' | 'sheet'>,
    layouts: LabelLayout[],
    copies: number,
    html: { autoPrint: boolean; title: string },
  ): PrinterProfile {
    switch (p.language) {
      case 'zpl':
        return { format: 'zpl', zpl: { dpi: p.dpi, cjkFont: p.zplFont, rfid: p.rfid, copies } };
      case 'tspl':
        return {
          format: 'tspl',
          tspl: { dpi: p.dpi, cjkFont: p.tsplFont, gapMm: p.gapMm, rfid: p.rfid, copies },
        };
      case 'pdf':
        return p.sheet
          ? { format: 'pdf-sheet', sheet: autoSheet(layouts[0]!), pdf: { dpi: p.dpi } }
          : { format: 'pdf', pdf: { dpi: p.dpi } };
      case 'html':
        return { format: 'html', html: { dpi: p.dpi, ...html } };
    }
  }

  /** PDF and HTML have no copy count: repeat each label. */
  function repeated(layouts: LabelLayout[], language: PrinterLanguage, copies: number): LabelLayout[] {
    if (copies <= 1 || language === 'zpl' || language === 'tspl') return layouts;
    return layouts.flatMap((l) => Array.from({ length: copies }, () => l));
  }

  async function collectItems(
    requester: Requester,
    template: TemplateName,
    selection: LabelSelection,
  ): Promise<Collected> {
    const kind = ITEM_TEMPLATE_KIND[template]!;
    const cap = MAX_LABELS_PER_JOB + 1;
    let items: ItemLabelRecord[];
    switch (selection.kind) {
      case 'items': {
        const refs = selection.items;
        const keys = refs.map(itemKeyOf);
        const found = await findLabelItems(db.knex, keys);
        items = found.map((item, i) => {
          if (!item) throw notFound('ITEM_NOT_FOUND', refs[i], { item: keys[i] });
          return item;
        });
        break;
      }
      case 'new':
        items = await unlabelledItems(
          db.knex,
          template,
          kind,
          Math.min(selection.limit ?? 100, MAX_LABELS_PER_JOB),
        );
        break;
      case 'building': {
        const found = await buildingItems(db.knex, selection.estate, selection.building, kind, cap);
        if (!found) {
          throw notFound('BUILDING_NOT_FOUND', `${selection.estate} ${selection.building}`, {
            estate: selection.estate,
            building: selection.building,
          });
        }
        items = found;
        break;
      }
      case 'dossier': {
        const found = await dossierItems(db.knex, selection.dossier, kind, cap);
        if (!found) throw notFound('DOSSIER_NOT_FOUND', selection.dossier, { dossier: selection.dossier });
        items = found;
        break;
      }
      default:
        throw mismatch(template, selection.kind);
    }
    const unique = [...new Map(items.map((i) => [i.id, i])).values()];
    limitJob(unique.length);
    for (const item of unique) {
      if (item.kind !== kind) {
        throw new DanganError(
          'LABEL_SELECTION_MISMATCH',
          { item: item.barcode, kind: item.kind, template },
          {
            zh: `${item.barcode} 是${item.kind === 'box' ? '档案盒' : item.kind === 'key' ? '钥匙' : '卷夹'}，不能用 ${template} 模板`,
            en: `${item.barcode} is a ${item.kind}; the ${template} template is for ${kind}s`,
          },
        );
      }
      if (!isAllowed(item.state, 'relabel')) {
        throw new DanganError('ITEM_DESTROYED', { item: item.barcode, state: item.state });
      }
      if (requester.actor) assertCan(requester.actor, 'item.label', recordOf(item));
    }
    const toInput = (item: ItemLabelRecord): LabelInput =>
      template === 'spine'
        ? { template: 'spine', data: spineLabelData(item) }
        : template === 'box'
          ? { template: 'box', data: boxLabelData(item) }
          : { template: 'folder', data: folderLabelData(item) };
    return {
      inputs: unique.map(toInput),
      subjects: unique.map((i) => ({ subject: 'item' as const, id: i.id, code: i.barcode })),
    };
  }

  function mismatch(template: TemplateName, selection: string): DanganError {
    return new DanganError(
      'LABEL_SELECTION_MISMATCH',
      { template, selection },
      {
        zh: `${template} 模板不能用于 ${selection} 选择`,
        en: `The ${template} template does not take a ${selection} selection`,
      },
    );
  }

  function limitJob(count: number): void {
    if (count === 0) throw new DanganError('LABEL_SELECTION_EMPTY');
    if (count > MAX_LABELS_PER_JOB) {
      throw new DanganError('LABEL_SELECTION_TOO_LARGE', { max: MAX_LABELS_PER_JOB, count });
    }
  }

  function assertMay(actor: Actor | null, template: TemplateName): void {
    if (actor && !labelActions(template).some((a) => can(actor, a).allowed)) {
      assertCan(actor, labelActions(template)[0]!);
    }
  }

  async function collect(
    requester: Requester,
    template: TemplateName,
    selection: LabelSelection,
  ): Promise<Collected> {
    const subject = subjectOf(template);
    if (subject === 'item') return collectItems(requester, template, selection);
    if (subject === 'location') {
      if (selection.kind !== 'locations') throw mismatch(template, selection.kind);
      const refs = [...new Set(selection.locations)];
      limitJob(refs.length);
      assertMay(requester.actor, template);
      const found = await findLabelLocations(db.knex, refs);
      const kinds = LOCATION_TEMPLATE_KINDS[template]!;
      const locations = found.map((loc, i) => {
        if (!loc) throw notFound('LOCATION_NOT_FOUND', refs[i], { location: refs[i] });
        if (!kinds.includes(loc.kind)) {
          throw new DanganError(
            'LABEL_SELECTION_MISMATCH',
            { location: loc.code, kind: loc.kind, template },
            {
              zh: `${loc.code} 不是${template === 'cabinet' ? '档案柜' : '架位'}（${loc.kind}）`,
              en: `${loc.code} is a ${loc.kind}; the ${template} template is for ${kinds.join(' or ')}`,
            },
          );
        }
        return loc;
      });
      const unique = [...new Map(locations.map((l) => [l.id, l])).values()];
      const kind = template === 'cabinet' ? 'cabinet' : 'shelf';
      return {
        inputs: unique.map((l) => ({ template, data: locationLabelData(l, kind) }) as LabelInput),
        subjects: unique.map((l) => ({ subject: 'location' as const, id: l.id, code: l.code })),
      };
    }
    if (selection.kind !== 'badges') throw mismatch(template, selection.kind);
    const refs = [...new Set(selection.badges)];
    limitJob(refs.length);
    assertMay(requester.actor, template);
    const found = await findLabelBadges(db.knex, refs);
    const badges = found.map((b, i) => {
      if (!b) throw notFound('BADGE_NOT_FOUND', refs[i], { badge: refs[i] });
      return b;
    });
    const unique = [...new Map(badges.map((b) => [b.badgeId, b])).values()];
    const organisation = deps.organisation ?? (await organisationName(db.knex));
    return {
      inputs: unique.map((b) => ({ template: 'badge' as const, data: badgeLabelData(b, organisation) })),
      subjects: unique.map((b) => ({ subject: 'badge' as const, id: b.badgeId, code: b.number })),
    };
  }

  function layoutAll(inputs: LabelInput[], size: string | LabelSize | undefined, code2d?: Code2D) {
    return labelsLayer(() => inputs.map((input) => layoutLabel(input, { size, code2d })));
  }

  /** Locks the items (PostgreSQL: FOR UPDATE, in id order), so concurrent jobs decide "printed before" in turn. */
  async function lockItems(trx: Knex.Transaction, ids: number[]): Promise<Map<number, ItemRecord>> {
    const out = new Map<number, ItemRecord>();
    const sorted = [...ids].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; i += 500) {
      let q = itemQuery(trx)
        .whereIn('i.id', sorted.slice(i, i + 500))
        .orderBy('i.id');
      if (db.dialect === 'pg') q = q.forUpdate('i');
      for (const row of (await q) as Array<Record<string, unknown>>) {
        const item = toItem(row);
        out.set(item.id, item);
      }
    }
    return out;
  }

  async function record(
    requester: Requester,
    printer: PrinterConfig,
    template: TemplateName,
    subjects: Subject[],
    reason: string | null,
  ): Promise<{ job: string; labels: PrintedLabel[] }> {
    const subject = subjectOf(template);
    const actorUserId = requester.actor?.userId ?? null;
    const station = requester.station ?? null;
    return writeTransaction(db, bus, async ({ trx, published }) => {
      const job = `job-${random.token(12)}`;
      const at = clock.now().toISOString();
      const ids = subjects.map((s) => s.id);
      const items = subject === 'item' ? await lockItems(trx, ids) : new Map<number, ItemRecord>();
      // Decided again under the lock: another job may have printed the same label meanwhile.
      const before = await printedBefore(trx, subject, ids, template);
      const relabels: Array<Omit<CustodyFields, 'seq'>> = [];
      if (subject === 'item') {
        for (const s of subjects) {
          if (!before.has(s.id)) continue;
          const item = items.get(s.id);
          if (!item) throw new DanganError('ITEM_NOT_FOUND', { item: s.code });
          const state = nextState(item.state, 'relabel');
          const place = item.state === 'in_place' ? item.locationId : null;
          relabels.push({
            at,
            actorUserId,
            station,
            action: 'relabel',
            itemId: item.id,
            fromState: item.state,
            toState: state,
            fromLocationId: place,
            toLocationId: place,
            fromHolderId: item.holderUserId,
            toHolderId: item.holderUserId,
            reason: `reprint: ${reason ?? 'printed again'}`.slice(0, 500),
            approvalRef: null,
          });
        }
      }
      const entries: CustodyEntry[] = await appendCustody(trx, db.dialect, relabels);
      published.push(...entries);
      const seqOf = new Map(entries.map((e) => [e.itemId, e.seq]));
      const rows: LabelPrintRow[] = subjects.map((s) => ({
        job,
        at,
        actorUserId,
        station,
        template,
        subject,
        code: s.code,
        subjectId: s.id,
        kind: before.has(s.id) ? 'reprint' : 'first',
        printer: printer.name,
        language: printer.language,
        custodySeq: subject === 'item' ? (seqOf.get(s.id) ?? null) : null,
        reason: before.has(s.id) ? reason : null,
      }));
      await insertLabelPrints(trx, rows);
      return {
        job,
        labels: rows.map((r) => ({ id: r.code, kind: r.kind, custodySeq: r.custodySeq })),
      };
    });
  }

  async function checkOne(p: PrinterConfig): Promise<Pick<PrinterStatus, 'state' | 'detail'>> {
    const t = p.transport;
    switch (t.type) {
      case 'tcp': {
        const probe = new TcpTransport({
          host: t.host,
          port: t.port,
          connectTimeoutMs: Math.min(t.connectTimeoutMs, deps.healthTimeoutMs ?? 2000),
        });
        const h = await probe.health();
        if (h.ok) return { state: 'ready', detail: `${t.host}:${t.port} answered in ${h.latencyMs ?? 0} ms` };
        const unreachable = h.code === 'PRINTER_UNREACHABLE' || h.code === 'PRINTER_TIMEOUT';
        return { state: unreachable ? 'unreachable' : 'error', detail: h.message ?? h.code ?? null };
      }
      case 'spool': {
        const h = await new SpoolTransport({ dir: t.dir }).health();
        return h.ok
          ? { state: 'ready', detail: `spool directory ${t.dir} is writable` }
          : { state: 'error', detail: `spool directory ${t.dir}: ${h.message ?? h.code}` };
      }
      case 'serial': {
        if (!deps.serialStatus) {
          return { state: 'unreachable', detail: 'serial devices are not connected to the printing service' };
        }
        const s = deps.serialStatus(t.deviceId);
        if (!s) return { state: 'error', detail: `no hardware device ${t.deviceId}` };
        if (s.state === 'connected') return { state: 'ready', detail: s.path ?? t.deviceId };
        return {
          state: s.state === 'disconnected' ? 'unreachable' : 'error',
          detail: [`${t.deviceId} ${s.state}`, s.lastError].filter(Boolean).join(': '),
        };
      }
      case 'browser':
        return { state: 'ready', detail: "printed by the operator's browser" };
    }
  }

  /** May this person see printers and print labels of some kind (for menus and GET /printers)? */
  const mayPrint = (actor: Actor): boolean =>
    TEMPLATE_NAMES.some((t) => labelActions(t).some((a) => roleMay(actor.role, a)));

  return {
    /** Names of the configured printers. */
    printerNames: (): string[] => [...printers.keys()],

    mayPrint,

    /** Every printer's state, checked now and in parallel; a failing printer is a state, never a rejection. */
    async health(actor?: Actor): Promise<PrinterStatus[]> {
      if (actor && !mayPrint(actor)) throw new DanganError('FORBIDDEN', { action: 'item.label' });
      return Promise.all(
        deps.printers.map(async (p): Promise<PrinterStatus> => {
          let check: Pick<PrinterStatus, 'state' | 'detail'>;
          try {
            check = await checkOne(p);
          } catch (e) {
            check = { state: 'error', detail: (e as Error).message };
          }
          const size =
            p.size === undefined
              ? null
              : typeof p.size === 'string'
                ? p.size
                : `${p.size.widthMm}x${p.size.heightMm}`;
          return {
            name: p.name,
            description: p.description ?? null,
            transport: p.transport.type,
            language: p.language,
            dpi: p.dpi,
            size,
            rfid: p.rfid,
            ...check,
            checkedAt: clock.now().toISOString(),
          };
        }),
      );
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
      const fmt = format ?? printer?.language;
      if (!fmt || !(LABEL_FORMATS as readonly string[]).includes(fmt)) {
        throw fromLabelError(
          new LabelError('LABEL_FORMAT_UNKNOWN', `${String(fmt)} (use ${LABEL_FORMATS.join(', ')})`, {
            format: fmt,
          }),
        );
      }
      const { inputs } = await collect(requester, template, selection);
      const size = opts.size ?? printer?.size;
      const layouts = await layoutAll(inputs, size, opts.code2d ?? printer?.code2d);
      const dpi = opts.dpi ?? printer?.dpi;
      const bytes = await labelsLayer(async (): Promise<Buffer> => {
        if (fmt === 'svg' || fmt === 'png') {
          if (layouts.length !== 1) throw new DanganError('LABEL_FORMAT_SINGLE', { labels: layouts.length });
          return fmt === 'svg'
            ? Buffer.from(renderSvg(layouts[0]!, { dpi: dpi ?? 300 }), 'utf8')
            : renderPng(layouts[0]!, { dpi: dpi ?? 300 }).png;
        }
        const settings = {
          language: fmt,
          dpi: (dpi ?? (fmt === 'pdf' || fmt === 'html' ? 300 : 203)) as PrinterConfig['dpi'],
          rfid: printer?.rfid ?? false,
          zplFont: printer?.zplFont,
          tsplFont: printer?.tsplFont,
          gapMm: printer?.gapMm,
          sheet: opts.sheet ?? (fmt === 'pdf' ? printer?.sheet : undefined),
        };
        const copies = printer?.copies ?? 1;
        const profile = profileOf(settings, layouts, copies, {
          autoPrint: opts.autoPrint ?? false,
          title: `标签预览 ${template} ×${layouts.length}`,
        });
        return renderJob(repeated(layouts, fmt, copies), profile);
      });
      return { bytes, contentType: CONTENT_TYPES[fmt], format: fmt, labels: layouts.length, layouts };
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
      const layouts = await layoutAll(inputs, printerSize(printer), printer.code2d);
      const copies = request.copies ?? printer.copies;
      const bytes = await labelsLayer(() =>
        renderJob(
          repeated(layouts, printer.language, copies),
          profileOf(printer, layouts, copies, {
            autoPrint: true,
            title: `标签打印 ${template} ×${layouts.length}`,
          }),
        ),
      );
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

/** The CSP hash of an HTML page's inline print script, so a preview page may run exactly that script. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`,
  );
}
