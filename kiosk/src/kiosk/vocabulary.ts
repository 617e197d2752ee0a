// The kiosk's vocabulary of the archive: purposes, folder groups, custody actions, alarm kinds and
// inspection results, each in both languages.
import type { Bilingual } from '../shared/i18n';
import type { Inspection } from '../shared/api/types';
import type { Key } from './words';

/** Common purposes of a check-out (seed 003: owner look-ups, title registration, repairs, move-in). */
export const PURPOSES: ReadonlyArray<Bilingual> = [
  { zh: '业主查阅', en: 'Owner look-up' },
  { zh: '办理产权证', en: 'Title registration' },
  { zh: '维修赔付核对', en: 'Repair / compensation check' },
  { zh: '入伙资料核对', en: 'Move-in papers check' },
];

export const FOLDER_GROUPS: Record<string, Bilingual> = {
  a: { zh: '销售、签约、办证及入伙资料', en: 'Sales, contract, title and move-in' },
  b: { zh: '维修/赔付资料', en: 'Repairs and compensation' },
  c: { zh: '其他资料', en: 'Other papers' },
  d: { zh: '出租期资料', en: 'Lease-period papers' },
  e: { zh: '销售历史', en: 'Sales history' },
};

export const ACTIONS: Record<string, Bilingual> = {
  check_out: { zh: '借出', en: 'Out' },
  check_in: { zh: '归还', en: 'Returned' },
  move: { zh: '移位', en: 'Moved' },
  transfer_out: { zh: '移交发出', en: 'Sent' },
  transfer_in: { zh: '移交接收', en: 'Received' },
  // Both an audit and the door gate record a sighting: the word must fit either.
  seen: { zh: '设备识读', en: 'Seen' },
  missing: { zh: '登记遗失', en: 'Missing' },
  found: { zh: '找回', en: 'Found' },
  relabel: { zh: '换标签', en: 'Relabelled' },
  destroyed: { zh: '销毁', en: 'Destroyed' },
  registered: { zh: '登记入库', en: 'Registered' },
};

export const ALARM_KINDS: Record<string, Bilingual> = {
  unauthorised_removal: { zh: '未登记取出', en: 'Removed without check-out' },
  gate: { zh: '门禁报警：未借出档案经过门口', en: 'Gate: a folder not checked out is leaving' },
  misplaced: { zh: '错架', en: 'On the wrong shelf' },
  unknown_tag: { zh: '未知标签', en: 'Unknown tag' },
};

export const INSPECTIONS: Record<Inspection, Key> = {
  intact: 'intact',
  damaged: 'damaged',
  pages_missing: 'pagesMissing',
};
