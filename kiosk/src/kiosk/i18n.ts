// The kiosk's words in Simplified Chinese (the default) and English. Server messages arrive in both languages
// and are picked by the same `lang`; everything the screen itself says is here.
import type { Bilingual, Lang } from './api';

const zh = {
  appName: '档案室借还终端',
  switchLang: 'English',
  switchLangLabel: '切换到英文 Switch to English',
  demo: '演示数据 DEMO',
  offline: '与服务器的连接已断开，正在自动重连…',
  scanBadge: '请刷工牌',
  scanBadgeHint: '将工牌靠近读卡器，或输入工牌号',
  typeBadge: '输入工牌号',
  badgeNumber: '工牌号',
  next: '下一步',
  cancel: '取消',
  back: '返回',
  enterPin: '请输入密码',
  pinFor: '工牌 {badge}',
  pinDigits: '已输入 {n} 位',
  del: '删除',
  clear: '清空',
  ok: '确定',
  signingIn: '正在登录…',
  signedOutIdle: '已因长时间无操作自动退出',
  badgeFirst: '请先刷工牌',
  pinFirst: '请先输入密码完成登录',
  unknownCode: '无法识别的条码：{code}',
  switchOperator: '切换操作人？',
  switchDetail: '刷的是工牌 {badge}，{name}将退出登录',
  switchYes: '切换',
  switchNo: '继续当前操作',
  inPlace: '在架',
  out: '借出',
  overdue: '逾期',
  missing: '遗失',
  openAlarms: '未处理报警：',
  recent: '最近动态',
  noEvents: '暂无动态',
  alarm: '报警',
  resolved: '已处理',
  // operator
  hello: '{name}，您好',
  autoSignOut: '{s} 秒后自动退出',
  signOut: '退出',
  done: '完成',
  scanFolder: '请扫描档案条码',
  hintOut: '请选择借阅用途，然后确认借出',
  hintIn: '请检查档案，选择归还检查结果',
  folderBarcode: '档案条码',
  lookUp: '查询',
  camera: '摄像头扫码',
  cameraTitle: '将条码对准摄像头',
  cameraFailed: '无法打开摄像头',
  close: '关闭',
  single: '单件',
  batch: '批量',
  modeLabel: '操作方式',
  archiveNo: '档号',
  property: '房产',
  owner: '业主',
  group: '卷类',
  state: '状态',
  holder: '借阅人',
  dueAt: '应还日期',
  dueIfOut: '如借出，应还日期',
  location: '位置',
  level: '密级',
  purpose: '借阅用途',
  purposeOther: '其他用途',
  purposeOtherPlaceholder: '请填写用途',
  checkOut: '确认借出',
  checkIn: '确认归还',
  inspection: '归还检查',
  intact: '完好',
  damaged: '破损',
  pagesMissing: '缺页',
  note: '情况说明',
  notePlaceholder: '请说明破损或缺页情况',
  checkedOut: '借出成功',
  checkedIn: '归还成功',
  dueBy: '请于 {date} 前归还',
  refused: '无法办理',
  heldByOther: '该档案由{name}借出，不能在此归还',
  notAvailable: '该档案当前为「{state}」，不能借出',
  unreadable: '无法识别的条码：{code}',
  alreadyListed: '已在列表中：{code}',
  shelfLabel: '这是架位标签，不是档案条码',
  cabinetLabel: '这是档案柜标签，不是档案条码',
  myHoldings: '我借阅的档案',
  noHoldings: '没有未归还的档案',
  working: '处理中…',
  batchEmpty: '逐件扫描档案，扫完后统一确认',
  batchConfirm: '确认：借出 {out} 件，归还 {in} 件',
  batchOut: '借出',
  batchIn: '归还',
  batchSkip: '不办理',
  remove: '移除',
  batchDone: '已借出 {out} 件，已归还 {in} 件',
  batchPartial: '部分档案未能归还',
  // receipt
  receipt: '借还凭条',
  receiptStation: '终端',
  receiptOperator: '经办人',
  receiptTime: '时间',
  action: '操作',
  barcode: '条码',
  detail: '应还日期 / 检查结果',
  print: '打印凭条',
  receiptEmpty: '本次没有办理借还',
  // setup
  setupTitle: '绑定本终端',
  setupIntro: '请档案管理员或系统管理员登录，选择本屏所在的终端。',
  username: '用户名',
  password: '密码',
  signIn: '登录',
  chooseStation: '选择终端',
  pair: '绑定',
  paired: '已绑定',
  noStations: '服务器上没有配置终端',
} as const;

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  appName: 'Archive-room kiosk',
  switchLang: '中文',
  switchLangLabel: '切换到中文 Switch to Chinese',
  demo: 'DEMO data 演示数据',
  offline: 'Connection to the server lost; reconnecting…',
  scanBadge: 'Scan your badge',
  scanBadgeHint: 'Hold your badge to the reader, or type its number',
  typeBadge: 'Type badge number',
  badgeNumber: 'Badge number',
  next: 'Next',
  cancel: 'Cancel',
  back: 'Back',
  enterPin: 'Enter your PIN',
  pinFor: 'Badge {badge}',
  pinDigits: '{n} digits entered',
  del: 'Delete',
  clear: 'Clear',
  ok: 'OK',
  signingIn: 'Signing in…',
  signedOutIdle: 'Signed out after inactivity',
  badgeFirst: 'Please scan your badge first',
  pinFirst: 'Finish signing in with your PIN first',
  unknownCode: 'Unknown code: {code}',
  switchOperator: 'Switch operator?',
  switchDetail: 'Badge {badge} was scanned; {name} will be signed out',
  switchYes: 'Switch',
  switchNo: 'Stay signed in',
  inPlace: 'In place',
  out: 'Out',
  overdue: 'Overdue',
  missing: 'Missing',
  openAlarms: 'Open alarms: ',
  recent: 'Recent activity',
  noEvents: 'No activity yet',
  alarm: 'Alarm',
  resolved: 'Resolved',
  hello: 'Hello, {name}',
  autoSignOut: 'Signing out in {s} s',
  signOut: 'Sign out',
  done: 'Done',
  scanFolder: 'Scan a folder',
  hintOut: 'Choose the purpose, then check out',
  hintIn: 'Inspect the folder and choose the result',
  folderBarcode: 'Folder barcode',
  lookUp: 'Look up',
  camera: 'Camera',
  cameraTitle: 'Hold the barcode to the camera',
  cameraFailed: 'The camera could not be opened',
  close: 'Close',
  single: 'One',
  batch: 'Batch',
  modeLabel: 'Mode',
  archiveNo: 'Archive no.',
  property: 'Property',
  owner: 'Owner',
  group: 'Group',
  state: 'State',
  holder: 'Holder',
  dueAt: 'Due',
  dueIfOut: 'Due if taken now',
  location: 'Place',
  level: 'Level',
  purpose: 'Purpose',
  purposeOther: 'Other purpose',
  purposeOtherPlaceholder: 'Describe the purpose',
  checkOut: 'Check out',
  checkIn: 'Check in',
  inspection: 'Inspection',
  intact: 'Intact',
  damaged: 'Damaged',
  pagesMissing: 'Pages missing',
  note: 'Note',
  notePlaceholder: 'Describe the damage or the missing pages',
  checkedOut: 'Checked out',
  checkedIn: 'Checked in',
  dueBy: 'Return by {date}',
  refused: 'Refused',
  heldByOther: 'Checked out to {name}; it cannot be returned here by you',
  notAvailable: 'This folder is “{state}” and cannot be checked out',
  unreadable: 'Not a folder barcode: {code}',
  alreadyListed: 'Already in the list: {code}',
  shelfLabel: 'That is a shelf label, not a folder',
  cabinetLabel: 'That is a cabinet label, not a folder',
  myHoldings: 'Folders I hold',
  noHoldings: 'Nothing to return',
  working: 'Working…',
  batchEmpty: 'Scan the folders one by one, then confirm once',
  batchConfirm: 'Confirm: {out} out, {in} returned',
  batchOut: 'Out',
  batchIn: 'Return',
  batchSkip: 'Skipped',
  remove: 'Remove',
  batchDone: '{out} checked out, {in} checked in',
  batchPartial: 'Some folders could not be checked in',
  receipt: 'Receipt',
  receiptStation: 'Station',
  receiptOperator: 'Operator',
  receiptTime: 'Time',
  action: 'Action',
  barcode: 'Barcode',
  detail: 'Due / inspection',
  print: 'Print receipt',
  receiptEmpty: 'Nothing was checked out or in',
  setupTitle: 'Pair this screen',
  setupIntro: 'An archivist or administrator signs in once and picks the station this screen stands at.',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  chooseStation: 'Choose the station',
  pair: 'Pair',
  paired: 'Paired',
  noStations: 'No stations are configured on the server',
};

const TABLES: Record<Lang, Record<Key, string>> = { 'zh-CN': zh, en };

export function t(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  return TABLES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));
}

/** A `{zh, en}` pair from the server in the screen's language. */
export const pick = (lang: Lang, b: Bilingual | undefined | null): string =>
  b ? (lang === 'zh-CN' ? b.zh : b.en) : '';

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

export const INSPECTIONS: Record<'intact' | 'damaged' | 'pages_missing', Key> = {
  intact: 'intact',
  damaged: 'damaged',
  pages_missing: 'pagesMissing',
};

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-12-02 (a date a person writes on a form), in local time. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function formatTime(iso: string | number | Date, seconds = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? ':' + pad(d.getSeconds()) : ''}`;
}

const WEEKDAYS: Record<Lang, string[]> = {
  'zh-CN': ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The idle screen's date line: 2026年11月25日 星期三 / Wednesday 25 Nov 2026. */
export function formatLongDate(lang: Lang, at: number): string {
  const d = new Date(at);
  const wd = WEEKDAYS[lang][d.getDay()];
  return lang === 'zh-CN'
    ? `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${wd}`
    : `${wd} ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}
