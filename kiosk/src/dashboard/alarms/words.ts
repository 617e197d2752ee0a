// The alarm list's own words (acknowledge, resolve, causes, escalation levels) in Simplified Chinese and
// English. The causes and levels mirror server/domain/alarms.ts (ALARM_CAUSE_LABELS, ESCALATION_LEVEL_LABELS);
// the server sends the labels with GET /alarms, the socket's alarm events carry the codes only.
import { createTranslator, type Bilingual } from '../../shared/i18n';

const zh = {
  acknowledge: '确认',
  resolve: '处理',
  acknowledgeTitle: '确认报警',
  acknowledgeHint: '写下正在做什么，其他看板会立即看到由您跟进；确认后不再向上级升级。',
  resolveTitle: '处理报警',
  resolveHint: '选择处理结果，处理后报警从列表中移除；处理记录不可修改。',
  note: '说明',
  noteOptional: '说明（选填）',
  notePlaceholder: '例如：已联系借阅人，正在核实',
  cause: '处理结果',
  submitAcknowledge: '确认报警',
  submitResolve: '完成处理',
  cancel: '取消',
  saving: '正在保存…',
  noteRequired: '请填写说明',
  causeRequired: '请选择处理结果',
  acknowledgedBy: '{name}于{time}确认',
  acknowledgedBySomeone: '已于{time}确认',
  escalated: '已升级：{level}',
  actionsFor: '{what}的操作',
  history: '记录',
  historyOf: '{what}的报警记录',
  logTitle: '报警记录',
  logHint: '报警的每一步按时间先后列出；记录只追加，不可修改。',
  logWhen: '时间',
  logWho: '人员',
  logWhat: '经过',
  logLoading: '正在读取记录…',
  logSystem: '系统',
  logRaised: '报警发出',
  logAcknowledged: '确认',
  logEscalated: '升级至{role}',
  logResolved: '处理：{cause}',
  logResolvedNoCause: '处理',
  logOpen: '尚未处理',
  close: '关闭',
  timeline: '档案轨迹',
  timelineOf: '查看{what}的档案轨迹',
};

const en: typeof zh = {
  acknowledge: 'Acknowledge',
  resolve: 'Resolve',
  acknowledgeTitle: 'Acknowledge the alarm',
  acknowledgeHint:
    'Say what is being done: the other boards see at once that you are on it, and it stops escalating.',
  resolveTitle: 'Resolve the alarm',
  resolveHint: 'Choose what was found; the alarm then leaves the list. The record cannot be changed.',
  note: 'Note',
  noteOptional: 'Note (optional)',
  notePlaceholder: 'e.g. called the borrower, checking now',
  cause: 'What was found',
  submitAcknowledge: 'Acknowledge',
  submitResolve: 'Resolve',
  cancel: 'Cancel',
  saving: 'Saving…',
  noteRequired: 'Write a note',
  causeRequired: 'Choose what was found',
  acknowledgedBy: 'Acknowledged by {name} at {time}',
  acknowledgedBySomeone: 'Acknowledged at {time}',
  escalated: 'Escalated: {level}',
  actionsFor: 'Actions for {what}',
  history: 'History',
  historyOf: 'History of {what}',
  logTitle: 'Alarm history',
  logHint: 'Every step of the alarm in order; the record is only ever added to, never changed.',
  logWhen: 'When',
  logWho: 'Who',
  logWhat: 'What',
  logLoading: 'Reading the history…',
  logSystem: 'System',
  logRaised: 'Raised',
  logAcknowledged: 'Acknowledged',
  logEscalated: 'Escalated to {role}',
  logResolved: 'Resolved: {cause}',
  logResolvedNoCause: 'Resolved',
  logOpen: 'Not yet resolved',
  close: 'Close',
  timeline: 'Timeline',
  timelineOf: 'Timeline of {what}',
};

export const t = createTranslator({ 'zh-CN': zh, en });

export const CAUSES = ['returned', 'explained', 'lost', 'false_read'] as const;
export type Cause = (typeof CAUSES)[number];

export const CAUSE_LABELS: Record<Cause, Bilingual> = {
  returned: { zh: '已归还', en: 'Returned' },
  explained: { zh: '已说明', en: 'Explained' },
  lost: { zh: '确认遗失', en: 'Confirmed lost' },
  false_read: { zh: '误读', en: 'False read' },
};

/** Who an alarm is with at each escalation level. */
export const LEVEL_LABELS: readonly Bilingual[] = [
  { zh: '主管', en: 'Supervisor' },
  { zh: '管理处负责人', en: 'Site manager' },
  { zh: '总经理', en: 'General manager' },
];

export const levelLabel = (level: number): Bilingual =>
  LEVEL_LABELS[Math.max(0, Math.min(level, LEVEL_LABELS.length - 1))]!;
