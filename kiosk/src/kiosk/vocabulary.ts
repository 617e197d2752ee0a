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

// Custody actions and alarm kinds are shared with the dashboard (shared/vocabulary.ts).
export { ACTIONS, ALARM_KINDS } from '../shared/vocabulary';

export const INSPECTIONS: Record<Inspection, Key> = {
  intact: 'intact',
  damaged: 'damaged',
  pages_missing: 'pagesMissing',
};
