// Records → label inputs: the labels layer's plain input objects for folders, spines, boxes, locations and
// badges, cut to its field limits.
import type { BadgeLabel, BoxLabel, FolderLabel, LocationLabel, SpineLabel } from '../../labels/index.js';
import { LABELS, type ConfidentialityLevel, type Role } from '../domain/vocabulary.js';
import type { ItemLabelRecord } from './labels-items.js';
import type { BadgeLabelRecord, LocationLabelRecord } from './labels-locations-badges.js';

/** Words printed after the level letter (the labels README's `C 秘密`). */
export const CONFIDENTIALITY_WORDS: Readonly<Record<ConfidentialityLevel, string>> = {
  C: '秘密',
  B: '机密',
  A: '绝密',
};

export const ROLE_TITLES: Readonly<Record<Role, string>> = {
  staff: '职员',
  archivist: '档案管理员',
  supervisor: '主管',
  site_manager: '管理处负责人',
  gm: '总经理',
  legal: '法律室',
  admin: '系统管理员',
};

/** Cuts text to the labels layer's field limits (it refuses longer text) with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text.trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

const NONE = '—';

function groupOf(item: ItemLabelRecord): Pick<FolderLabel, 'group' | 'groupName'> {
  if (item.folderGroup) return { group: item.folderGroup };
  // Files other than customer dossiers have no a–e group: print their kind under "other".
  return { group: 'c', groupName: item.dossierKind ? LABELS.dossierKind[item.dossierKind].zh : undefined };
}

function propertyOf(item: ItemLabelRecord): string {
  return clip(item.propertyName ?? item.dossierTitle ?? item.title, 40);
}

export function folderLabelData(item: ItemLabelRecord): FolderLabel {
  return {
    id: item.barcode,
    archiveNo: clip(item.archiveNo ?? NONE, 40),
    property: propertyOf(item),
    ...groupOf(item),
    confidentiality: `${item.confidentiality} ${CONFIDENTIALITY_WORDS[item.confidentiality]}`,
    retention: item.retention ? LABELS.retention[item.retention].zh : NONE,
    ...(item.epc ? { epc: item.epc } : {}),
  };
}

export function spineLabelData(item: ItemLabelRecord): SpineLabel {
  const of = Math.max(item.dossierVolumes ?? 0, item.volumeNo);
  return {
    id: item.barcode,
    archiveNo: clip(item.archiveNo ?? NONE, 40),
    property: propertyOf(item),
    ...groupOf(item),
    volume: `${item.volumeNo}/${of}`,
    ...(item.dossierYear ? { year: String(item.dossierYear) } : {}),
  };
}

export function boxLabelData(item: ItemLabelRecord): BoxLabel {
  return {
    id: item.barcode,
    title: clip(item.title, 40),
    ...(item.archiveNo ? { archiveNoFrom: clip(item.archiveNo, 40) } : {}),
    ...(item.dossierYear ? { year: String(item.dossierYear) } : {}),
    ...(item.dossierFolders ? { folderCount: item.dossierFolders } : {}),
    ...(item.retention ? { retention: LABELS.retention[item.retention].zh } : {}),
    ...(item.dossierId !== null
      ? { confidentiality: `${item.confidentiality} ${CONFIDENTIALITY_WORDS[item.confidentiality]}` }
      : {}),
    ...(item.epc ? { epc: item.epc } : {}),
  };
}

/** The position's name, prefixed with its cabinet's when the name alone (`第2层`) would not say which. */
export function locationLabelData(loc: LocationLabelRecord, kind: LocationLabel['kind']): LocationLabel {
  const p = loc.parent;
  const name =
    p && p.kind !== 'room' && !loc.name.includes(p.code) && !loc.name.includes(p.name)
      ? `${p.name} ${loc.name}`
      : loc.name;
  return {
    kind,
    id: loc.code,
    name: clip(name, 30),
    room: loc.room ? clip(`${loc.room.name} ${loc.room.code}`, 30) : NONE,
  };
}

export function badgeLabelData(badge: BadgeLabelRecord, organisation?: string): BadgeLabel {
  return {
    id: badge.number,
    name: clip(badge.displayName, 16),
    department: clip(badge.department ?? ROLE_TITLES[badge.role], 24),
    title: clip(ROLE_TITLES[badge.role], 16),
    ...(organisation ? { organisation: clip(organisation, 30) } : {}),
  };
}
