// Checks label input at the edge of the labels layer: the server passes records from outside, and a
// bad id must fail here with a clear code instead of producing an unscannable or malformed print job.
import { LabelError } from './errors.js';
import {
  TEMPLATE_NAMES,
  type BadgeLabel,
  type BoxLabel,
  type FolderLabel,
  type LabelInput,
  type LocationLabel,
  type SpineLabel,
} from './types.js';

/** Ids go into Code 128, QR, DataMatrix, ZPL and TSPL: keep them to a set every one of them handles. */
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const EPC_RE = /^[0-9A-Fa-f]{24}$/;
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

function fail(field: string, reason: string): never {
  throw new LabelError('LABEL_DATA_INVALID', `${field}: ${reason}`, { field });
}

function text(obj: object, field: string, max: number, required = true): string | undefined {
  const v = (obj as Record<string, unknown>)[field];
  if (v === undefined || v === null || v === '') {
    if (required) fail(field, 'required');
    return undefined;
  }
  if (typeof v !== 'string') fail(field, 'must be a string');
  const t = v.trim();
  if (t === '' && required) fail(field, 'required');
  if ([...t].length > max) fail(field, `longer than ${max} characters`);
  if (CONTROL_RE.test(t)) fail(field, 'contains control characters');
  return t;
}

function id(obj: object, field = 'id'): string {
  const v = (obj as Record<string, unknown>)[field];
  if (typeof v !== 'string' || !ID_RE.test(v)) fail(field, 'must be 1-32 of A-Z a-z 0-9 . _ -');
  return v;
}

function epc(obj: object): string | undefined {
  const v = (obj as Record<string, unknown>).epc;
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !EPC_RE.test(v)) fail('epc', 'must be 24 hex characters (96 bits)');
  return v.toUpperCase();
}

function group(obj: object): FolderLabel['group'] {
  const v = (obj as Record<string, unknown>).group;
  if (v !== 'a' && v !== 'b' && v !== 'c' && v !== 'd' && v !== 'e') fail('group', 'must be one of a-e');
  return v;
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

export function validateFolder(d: FolderLabel): FolderLabel {
  return {
    id: id(d),
    archiveNo: text(d, 'archiveNo', 40)!,
    property: text(d, 'property', 40)!,
    group: group(d),
    groupName: text(d, 'groupName', 20, false),
    confidentiality: text(d, 'confidentiality', 12)!,
    retention: text(d, 'retention', 8)!,
    epc: epc(d),
  };
}

export function validateSpine(d: SpineLabel): SpineLabel {
  return {
    id: id(d),
    archiveNo: text(d, 'archiveNo', 40)!,
    property: text(d, 'property', 40)!,
    group: group(d),
    groupName: text(d, 'groupName', 20, false),
    volume: text(d, 'volume', 10, false),
    year: text(d, 'year', 10, false),
  };
}

export function validateBox(d: BoxLabel): BoxLabel {
  const count = (d as unknown as Record<string, unknown>).folderCount;
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 0)) {
    fail('folderCount', 'must be a non-negative integer');
  }
  return {
    id: id(d),
    title: text(d, 'title', 40)!,
    archiveNoFrom: text(d, 'archiveNoFrom', 40, false),
    archiveNoTo: text(d, 'archiveNoTo', 40, false),
    year: text(d, 'year', 10, false),
    folderCount: count as number | undefined,
    retention: text(d, 'retention', 8, false),
    confidentiality: text(d, 'confidentiality', 12, false),
    epc: epc(d),
  };
}

export function validateLocation(d: LocationLabel, kind: LocationLabel['kind']): LocationLabel {
  return { kind, id: id(d), name: text(d, 'name', 30)!, room: text(d, 'room', 30)!, epc: epc(d) };
}

export function validateBadge(d: BadgeLabel): BadgeLabel {
  return {
    id: id(d),
    name: text(d, 'name', 16)!,
    department: text(d, 'department', 24)!,
    title: text(d, 'title', 16, false),
    organisation: text(d, 'organisation', 30, false),
    epc: epc(d),
  };
}

/** Validates and normalises one input (trimmed text, upper-case EPC); throws LabelError otherwise. */
export function validateLabelInput(input: unknown): LabelInput {
  if (!isObject(input)) fail('input', 'must be an object');
  const { template, data } = input as { template?: unknown; data?: unknown };
  if (typeof template !== 'string' || !(TEMPLATE_NAMES as readonly string[]).includes(template)) {
    throw new LabelError('LABEL_TEMPLATE_UNKNOWN', String(template), { template });
  }
  if (!isObject(data)) fail('data', 'must be an object');
  switch (template as LabelInput['template']) {
    case 'folder':
      return { template: 'folder', data: validateFolder(data as FolderLabel) };
    case 'spine':
      return { template: 'spine', data: validateSpine(data as SpineLabel) };
    case 'box':
      return { template: 'box', data: validateBox(data as BoxLabel) };
    case 'shelf':
      return { template: 'shelf', data: validateLocation(data as LocationLabel, 'shelf') };
    case 'cabinet':
      return { template: 'cabinet', data: validateLocation(data as LocationLabel, 'cabinet') };
    case 'badge':
      return { template: 'badge', data: validateBadge(data as BadgeLabel) };
  }
}
