// Plain input objects for the label templates. The server maps its records onto these; nothing here
// knows about the database. Text fields are shown as given (the caller masks and formats).

/** Folder groups of a customer dossier (seed 003 §5.10.2). */
export type FolderGroup = 'a' | 'b' | 'c' | 'd' | 'e';

/** Short names that fit on a 60 mm label; callers may pass their own via `groupName`. */
export const FOLDER_GROUP_NAMES: Readonly<Record<FolderGroup, string>> = {
  a: '销售签约办证入伙',
  b: '维修赔付',
  c: '其他',
  d: '出租期资料',
  e: '销售历史',
};

export interface FolderLabel {
  /** Barcode id of the physical folder, e.g. `F000001234`. */
  id: string;
  /** 档号, e.g. `HY-03-2-1502-A`. */
  archiveNo: string;
  /** Property the dossier follows, e.g. `华苑 3栋2单元1502`. */
  property: string;
  group: FolderGroup;
  /** Overrides FOLDER_GROUP_NAMES[group]. */
  groupName?: string;
  /** 密级 as the caller words it, e.g. `C 秘密`. */
  confidentiality: string;
  /** 保管期限, e.g. `永久`, `30年`, `10年`. */
  retention: string;
  /** 96-bit EPC as 24 hex characters when the label carries an RFID inlay. */
  epc?: string;
}

/** Spine (脊背) of a folder: the same folder, fewer words. */
export interface SpineLabel {
  id: string;
  archiveNo: string;
  property: string;
  group: FolderGroup;
  groupName?: string;
  /** Volume within the dossier, e.g. `1/2` (卷/册). */
  volume?: string;
  /** Year shown on the spine, e.g. `2024`. */
  year?: string;
}

/** Archive box (档案盒) holding several folders. */
export interface BoxLabel {
  id: string;
  /** e.g. `华苑 3栋 客户档案`. */
  title: string;
  archiveNoFrom?: string;
  archiveNoTo?: string;
  year?: string;
  folderCount?: number;
  retention?: string;
  confidentiality?: string;
  epc?: string;
}

/** A shelf (架位) or cabinet (档案柜) position. */
export interface LocationLabel {
  kind: 'shelf' | 'cabinet';
  id: string;
  /** e.g. `3号柜 第2层`. */
  name: string;
  /** e.g. `档案室 201`. */
  room: string;
  epc?: string;
}

/** Staff badge scanned at the archive-room door. */
export interface BadgeLabel {
  id: string;
  name: string;
  department: string;
  /** e.g. `客服专员`. */
  title?: string;
  /** Printed on top, e.g. the company name. */
  organisation?: string;
  epc?: string;
}

export type LabelInput =
  | { template: 'folder'; data: FolderLabel }
  | { template: 'spine'; data: SpineLabel }
  | { template: 'box'; data: BoxLabel }
  | { template: 'shelf'; data: LocationLabel }
  | { template: 'cabinet'; data: LocationLabel }
  | { template: 'badge'; data: BadgeLabel };

export type TemplateName = LabelInput['template'];

export const TEMPLATE_NAMES: readonly TemplateName[] = [
  'folder',
  'spine',
  'box',
  'shelf',
  'cabinet',
  'badge',
];

/** The 2D symbology printed next to the Code 128. */
export type Code2D = 'qrcode' | 'datamatrix';
