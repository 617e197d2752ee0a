// One error type for everything the domain refuses. Each code is stable (clients and tests match on it)
// and carries a Simplified Chinese and an English message; the HTTP layer maps `status` to the response.

export interface Messages {
  zh: string;
  en: string;
}

/** Registry of every code the server can answer with. Add new codes here, never rename one. */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容不正确', en: 'The request is not valid' },
  NOT_FOUND: { status: 404, zh: '找不到该记录', en: 'Record not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '没有这个接口', en: 'No such endpoint' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  FORBIDDEN: { status: 403, zh: '您没有此操作的权限', en: 'You are not allowed to do this' },
  LOGIN_FAILED: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  BADGE_PIN_FAILED: { status: 401, zh: '工牌或密码错误', en: 'Wrong badge or PIN' },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '尝试次数过多，账户已暂时锁定',
    en: 'Too many attempts; the account is locked for a while',
  },
  BADGE_LOCKED: {
    status: 423,
    zh: '尝试次数过多，工牌已暂时锁定',
    en: 'Too many attempts; the badge is locked for a while',
  },
  SESSION_EXPIRED: {
    status: 401,
    zh: '登录已过期，请重新登录',
    en: 'Your session has expired; sign in again',
  },
  ITEM_NOT_FOUND: { status: 404, zh: '找不到该档案实物', en: 'No such item' },
  ITEM_ALREADY_OUT: { status: 409, zh: '该档案已借出', en: 'This item is already checked out' },
  ITEM_NOT_OUT: { status: 409, zh: '该档案未借出，无需归还', en: 'This item is not checked out' },
  ITEM_DESTROYED: { status: 409, zh: '该档案已销毁', en: 'This item has been destroyed' },
  ITEM_MISSING: { status: 409, zh: '该档案登记为遗失', en: 'This item is recorded as missing' },
  ITEM_REMOVED: {
    status: 409,
    zh: '该档案未登记借出即被取出，请先办理借出或放回原位',
    en: 'This folder was taken without check-out; check it out or put it back first',
  },
  ITEM_IN_TRANSFER: { status: 409, zh: '该档案正在移交中', en: 'This item is in transfer' },
  ITEM_NOT_MISSING: { status: 409, zh: '该档案未登记遗失', en: 'This item is not recorded as missing' },
  ITEM_NOT_IN_TRANSFER: { status: 409, zh: '该档案不在移交中', en: 'This item is not in transfer' },
  ITEM_ILLEGAL_TRANSITION: {
    status: 409,
    zh: '该档案当前状态不允许此操作',
    en: 'This action is not allowed in the item’s current state',
  },
  ITEM_NOT_CIRCULATING: { status: 409, zh: '该实物不可借出', en: 'This item cannot be checked out' },
  ITEM_SAME_LOCATION: { status: 409, zh: '该档案已在此位置', en: 'The item is already at this location' },
  LOCATION_NOT_FOUND: { status: 404, zh: '找不到该存放位置', en: 'No such location' },
  LOCATION_FULL: { status: 409, zh: '该位置已满', en: 'This location is full' },
  LOCATION_NOT_SHELVING: {
    status: 409,
    zh: '档案只能放在柜内层位上',
    en: 'Items can only be placed on a shelf or position',
  },
  USER_NOT_FOUND: { status: 404, zh: '找不到该人员', en: 'No such person' },
  DOSSIER_NOT_FOUND: { status: 404, zh: '找不到该档案卷宗', en: 'No such dossier' },
  DOSSIER_EXISTS: {
    status: 409,
    zh: '该房产已有此类档案（一户一档）',
    en: 'This property already has a dossier of this kind (one household, one file)',
  },
  ARCHIVE_NO_IMMUTABLE: { status: 409, zh: '档号一经确定不得更改', en: 'An archive number never changes' },
  ARCHIVE_NO_RULE_INVALID: { status: 400, zh: '档号规则不正确', en: 'The archive number rule is not valid' },
  ARCHIVE_NO_PART_INVALID: {
    status: 400,
    zh: '档号组成部分不正确（只允许字母、数字）',
    en: 'A part of the archive number is not valid (letters and digits only)',
  },
  ARCHIVE_NO_SEQUENCE_FULL: {
    status: 409,
    zh: '档号流水号已用尽，请调整档号规则的位数',
    en: 'The archive number sequence is used up; widen the rule’s sequence',
  },
  BARCODE_TAKEN: { status: 409, zh: '条码已被使用', en: 'This barcode is already in use' },
  EPC_TAKEN: { status: 409, zh: 'RFID 标签已被使用', en: 'This RFID tag is already in use' },
  PROPERTY_NOT_FOUND: { status: 404, zh: '找不到该房产', en: 'No such property' },
  OUTSIDE_AREA: {
    status: 403,
    zh: '该档案不在您负责的范围内',
    en: 'This record is outside the area you serve',
  },
  NOT_HOLDER: { status: 403, zh: '只能归还本人借出的档案', en: 'You can only return items you hold' },
  LITIGATION_RESTRICTED: {
    status: 403,
    zh: '诉讼档案仅限法律室和总经理查阅',
    en: 'Litigation files are open only to legal and the general manager',
  },
  CLEARANCE_REQUIRED: {
    status: 403,
    zh: '该档案密级较高，需经审批后方可借出',
    en: 'This file’s confidentiality level needs an approved request before it can leave',
  },
  BORROWER_OVERDUE: {
    status: 409,
    zh: '借阅人有逾期未还的档案，请先归还逾期档案再借阅',
    en: 'The borrower has overdue folders; return them before borrowing again',
  },
  CLEARANCE_TOO_LOW: {
    status: 403,
    zh: '您的密级权限不足，不能查阅该档案',
    en: 'Your clearance does not cover this file',
  },
  FIELD_NOT_REVEALABLE: {
    status: 403,
    zh: '您的岗位不能查看该项的完整内容',
    en: 'Your role may not see this field whole',
  },
  REPORT_PERIOD_INVALID: {
    status: 400,
    zh: '报表期间不正确：起止日期应为YYYY-MM-DD，起始不晚于截止，且不超过五年',
    en: 'The report period is not valid: dates as YYYY-MM-DD, from not after to, at most five years',
  },
  LOG_EXPORT_FROM_INVALID: {
    status: 400,
    zh: '导出起始序号超出保管日志范围',
    en: 'The export’s starting seq is beyond the end of the custody log',
  },
  LEDGER_BROKEN: { status: 500, zh: '保管日志校验失败', en: 'The custody log failed verification' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'The request is too large' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again shortly' },
  DB_BUSY: { status: 503, zh: '系统繁忙，请稍后重试', en: 'The archive is busy; try again in a moment' },
  CONFLICT: {
    status: 409,
    zh: '该记录刚被他人修改，请重试',
    en: 'Someone else just changed this record; try again',
  },
  DEMO_DATABASE_NOT_EMPTY: {
    status: 409,
    zh: '演示数据只能写入空数据库',
    en: 'The demo archive goes only into an empty database',
  },
  STATION_UNKNOWN: { status: 404, zh: '没有这个工作站', en: 'No such station' },
  STATION_UNPAIRED: {
    status: 401,
    zh: '此屏幕尚未绑定工作站或绑定已失效',
    en: 'This screen is not paired to a station, or its pairing was revoked',
  },
  CONFIG_INVALID: { status: 500, zh: '配置不正确', en: 'The configuration is not valid' },
  // Labels and printing (server/services/printing.ts).
  PRINTER_UNKNOWN: { status: 404, zh: '没有这台打印机', en: 'No printer with this name' },
  BUILDING_NOT_FOUND: { status: 404, zh: '找不到该楼栋', en: 'No such building' },
  BADGE_NOT_FOUND: { status: 404, zh: '找不到该工牌', en: 'No such badge' },
  LABEL_SELECTION_MISMATCH: {
    status: 400,
    zh: '该标签模板不适用于所选对象',
    en: 'This label template does not fit the selected records',
  },
  LABEL_SELECTION_EMPTY: { status: 404, zh: '没有需要打印的标签', en: 'Nothing to print for this selection' },
  LABEL_SELECTION_TOO_LARGE: {
    status: 400,
    zh: '一次打印的标签过多，请分批打印',
    en: 'Too many labels for one job; print in smaller batches',
  },
  LABEL_FORMAT_SINGLE: {
    status: 400,
    zh: 'SVG 和 PNG 一次只能预览一张标签，多张请用 PDF 或 HTML',
    en: 'SVG and PNG show one label; use PDF or HTML for several',
  },
  REPRINT_REASON_REQUIRED: {
    status: 409,
    zh: '这些标签以前打印过，补打须说明原因（旧标签可能仍在架上）',
    en: 'These labels were printed before; a reprint needs a reason (the old label may still be on a shelf)',
  },
  LABEL_PRINT_NOT_RECORDED: {
    status: 500,
    zh: '标签已打印，但打印记录未能保存，请重试记录或联系管理员',
    en: 'The labels were printed but the print could not be recorded; tell an administrator',
  },
  // The labels layer's own codes (labels/errors.ts), passed through with its messages and details.
  LABEL_TEMPLATE_UNKNOWN: { status: 400, zh: '未知的标签模板', en: 'Unknown label template' },
  LABEL_FORMAT_UNKNOWN: { status: 400, zh: '未知的输出格式', en: 'Unknown output format' },
  LABEL_SIZE_INVALID: { status: 400, zh: '标签或纸张尺寸无效', en: 'Invalid label or sheet size' },
  LABEL_DATA_INVALID: { status: 422, zh: '标签数据无效', en: 'Invalid label data' },
  BARCODE_ENCODE_FAILED: { status: 422, zh: '条码生成失败', en: 'Barcode could not be encoded' },
  FONT_NOT_FOUND: { status: 500, zh: '未找到中文字体', en: 'No CJK font found' },
  FONT_UNSUPPORTED: { status: 500, zh: '字体格式不受支持', en: 'Font format not supported' },
  PRINTER_UNREACHABLE: { status: 502, zh: '无法连接打印机', en: 'Printer unreachable' },
  PRINTER_TIMEOUT: { status: 504, zh: '打印机响应超时', en: 'Printer timed out' },
  PRINTER_WRITE_FAILED: { status: 502, zh: '向打印机发送数据失败', en: 'Sending data to the printer failed' },
  PRINTER_RFID_UNSUPPORTED: {
    status: 409,
    zh: '该打印机不支持写入RFID',
    en: 'This printer cannot encode RFID',
  },
  SPOOL_WRITE_FAILED: { status: 502, zh: '写入打印队列目录失败', en: 'Writing the spool file failed' },
  // Request hygiene (server/http/request-guard.ts, server/http/errors.ts).
  ORIGIN_REFUSED: {
    status: 403,
    zh: '请求来源不被允许（跨站请求已拒绝）',
    en: 'Requests from this origin are not allowed (cross-site request refused)',
  },
  JSON_BODY_REQUIRED: {
    status: 415,
    zh: '此操作须以 JSON 发送请求内容（Content-Type: application/json；无内容时发送 {}）',
    en: 'This action needs a JSON body (Content-Type: application/json; send {} when there is nothing to say)',
  },
  CONTENT_ENCODING_UNSUPPORTED: {
    status: 415,
    zh: '不支持该请求内容编码（Content-Encoding）',
    en: 'This Content-Encoding is not supported',
  },
  CHARSET_UNSUPPORTED: { status: 415, zh: '请求内容须为 UTF-8 编码', en: 'The request body must be UTF-8' },
  BODY_UNREADABLE: {
    status: 400,
    zh: '请求内容无法读取（压缩数据损坏或长度不符）',
    en: 'The request body could not be read (corrupt compressed data or a wrong length)',
  },
  // Start-up guards (server/store/data-key.ts, server/cli/start-guard.ts).
  DATA_KEY_MISSING: {
    status: 500,
    zh: '档案中有加密的证件号和电话，但找不到数据密钥；请恢复密钥文件或设置 DANGAN_DATA_KEY',
    en: 'The archive holds encrypted ID and phone numbers but its data key was not found; restore the key file or set DANGAN_DATA_KEY',
  },
  DATA_KEY_MISMATCH: {
    status: 500,
    zh: '数据密钥与此档案不符，无法读取加密的证件号和电话',
    en: 'The data key does not belong to this archive; its encrypted ID and phone numbers cannot be read',
  },
  DATABASE_MISSING: {
    status: 500,
    zh: '数据目录中已有文件，但数据库文件缺失或为空；不会自动新建或载入演示数据',
    en: 'The data directory holds files but the database file is missing or empty; nothing is created or loaded on its own',
  },
  // Start-up failures (server/cli/commands.ts, server/store/db.ts, server/cli/start-guard.ts): `dangan` exits 1.
  PORT_IN_USE: {
    status: 500,
    zh: '端口已被占用，服务器无法监听',
    en: 'The port is already in use; the server cannot listen',
  },
  LISTEN_FAILED: {
    status: 500,
    zh: '服务器无法监听该地址和端口',
    en: 'The server cannot listen on that address and port',
  },
  DATA_KEY_INVALID: {
    status: 500,
    zh: '数据密钥文件为空或内容不是 64 位十六进制密钥',
    en: 'The data key file is empty or does not hold a 64-hexadecimal-character key',
  },
  DATABASE_NEWER: {
    status: 500,
    zh: '数据库由更新版本的 Dangan 迁移过，本版本不认识其中的迁移；请使用更新的版本',
    en: 'The database was migrated by a newer Dangan; this build does not know some of its migrations',
  },
  ARCHIVE_NOT_FOUND: {
    status: 500,
    zh: '找不到档案：没有配置文件，也没有数据目录',
    en: 'No archive found: no configuration file and no data directory',
  },
  NOTICE_NOT_FOUND: { status: 404, zh: '找不到该通知', en: 'Notice not found' },
  NOTICE_NOT_DEAD: {
    status: 409,
    zh: '只有已放弃发送的通知可以重发',
    en: 'Only a notice given up after its last attempt can be sent again',
  },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
  ALARM_NOT_FOUND: { status: 404, zh: '找不到该报警', en: 'No such alarm' },
  ALARM_ALREADY_RESOLVED: {
    status: 409,
    zh: '该报警已处理完毕',
    en: 'This alarm has already been resolved',
  },
  ALARM_ALREADY_ACKNOWLEDGED: {
    status: 409,
    zh: '该报警已有人确认',
    en: 'Someone has already acknowledged this alarm',
  },
  ALARM_CAUSE_INVALID: {
    status: 400,
    zh: '请选择处理结果：已归还、已说明、确认遗失或误读',
    en: 'Choose what was found: returned, explained, confirmed lost or false read',
  },
} as const satisfies Record<string, Messages & { status: number }>;

export type ErrorCode = keyof typeof ERRORS;

export class DanganError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly messages: Messages;
  readonly details: unknown;

  constructor(code: ErrorCode, details?: unknown, messages?: Partial<Messages>) {
    const known = ERRORS[code];
    super(messages?.en ?? known.en);
    this.name = 'DanganError';
    this.code = code;
    this.status = known.status;
    this.messages = { zh: messages?.zh ?? known.zh, en: messages?.en ?? known.en };
    this.details = details;
  }
}

export function isDanganError(e: unknown): e is DanganError {
  return e instanceof DanganError;
}
