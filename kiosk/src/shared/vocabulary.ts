// Words of the archive every screen shows: custody actions and alarm kinds, each in both languages.
import type { Bilingual } from './i18n';

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
