// The reports page's words in Simplified Chinese (the default) and English.
import { createTranslator } from '../../shared/i18n';

const zh = {
  title: '统计报表',
  report: '报表',
  overdue: '逾期未还',
  loans_by_department: '各部门每月借阅',
  time_out: '出库时长',
  most_borrowed: '借阅最多的档案',
  alarms: '告警原因统计',
  from: '起始日期',
  to: '截止日期',
  show: '查询',
  loading: '正在统计…',
  exportAs: '导出',
  exporting: '正在生成{format}…',
  exported: '已下载{name}',
  empty: '期间内没有数据',
  periodNote: '期间：{from}至{to}（北京时间）',
  overdueNote: '当前逾期，不受期间限制',
  rows: '共{n}行',
  truncated: '仅列出前{shown}行，共{total}行',
  summary: '已归还借阅{loans}次，中位数{median}小时，90分位{p90}小时',
  chart: '图表',
  table: '明细',
  retry: '重试',
} as const;

const en: Record<keyof typeof zh, string> = {
  title: 'Reports',
  report: 'Report',
  overdue: 'Overdue loans',
  loans_by_department: 'Loans per department and month',
  time_out: 'Time out of the room',
  most_borrowed: 'Most-borrowed dossiers',
  alarms: 'Alarms by cause',
  from: 'From',
  to: 'To',
  show: 'Show',
  loading: 'Counting…',
  exportAs: 'Export',
  exporting: 'Making the {format}…',
  exported: 'Downloaded {name}',
  empty: 'Nothing in this period',
  periodNote: 'Period: {from} to {to} (China Standard Time)',
  overdueNote: 'Overdue now; the period does not apply',
  rows: '{n} rows',
  truncated: 'First {shown} of {total} rows',
  summary: '{loans} loans returned; median {median} h, p90 {p90} h',
  chart: 'Chart',
  table: 'Rows',
  retry: 'Try again',
};

export type ReportWord = keyof typeof zh;
export const rt = createTranslator<ReportWord>({ 'zh-CN': zh, en });
