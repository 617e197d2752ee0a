// The archive's fixed vocabularies. Database check constraints, request schemas and the UI all use these
// lists, so a value is valid in one place exactly when it is valid in all of them.

/** `site_manager`: 物业公司(管理处)负责人, who alone keeps the complete owner summary (seed 002 §4.5.1.1). */
export const ROLES = ['staff', 'archivist', 'supervisor', 'site_manager', 'gm', 'legal', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Physical state of an item (folder, volume, box, key). `removed` (未登记取出): a cabinet saw it leave
 * without a check-out, recently; it becomes `missing` (遗失) only when a person records it so or it stays
 * unaccounted for longer than policy.unrecordedRemovalHours (domain/custody.ts).
 */
export const ITEM_STATES = ['in_place', 'out', 'removed', 'in_transfer', 'missing', 'destroyed'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export const ITEM_KINDS = ['folder', 'box', 'key'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Custody-log actions: every change of an item's state or place is exactly one of these. */
export const CUSTODY_ACTIONS = [
  'check_out',
  'check_in',
  'move',
  'transfer_out',
  'transfer_in',
  'seen',
  'missing',
  'found',
  'relabel',
  'destroyed',
  'registered',
] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

export const DOSSIER_KINDS = [
  'individual_buyer',
  'company_buyer',
  'tenant',
  'shop_lease',
  'engineering',
  'internal',
  'litigation',
  'major_complaint',
] as const;
export type DossierKind = (typeof DOSSIER_KINDS)[number];

/** Kinds filed per property (一户一档); the others are numbered by year and sequence. */
export const PROPERTY_DOSSIER_KINDS = ['individual_buyer', 'company_buyer', 'tenant', 'shop_lease'] as const;
export type PropertyDossierKind = (typeof PROPERTY_DOSSIER_KINDS)[number];

/** Confidentiality (密级), lowest first. Customer files are C (company confidential) by default. */
export const CONFIDENTIALITY_LEVELS = ['C', 'B', 'A'] as const;
export type ConfidentialityLevel = (typeof CONFIDENTIALITY_LEVELS)[number];

export const RETENTION_CLASSES = ['permanent', 'y30', 'y10'] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

export const DOSSIER_STATUSES = ['active', 'closed', 'destroyed'] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/** Volume groups of a customer dossier (seed 003 §5.10.2). */
export const FOLDER_GROUPS = ['a', 'b', 'c', 'd', 'e'] as const;
export type FolderGroup = (typeof FOLDER_GROUPS)[number];

export const LOCATION_KINDS = ['room', 'cabinet', 'shelf', 'position'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const INSPECTION_RESULTS = ['intact', 'damaged', 'pages_missing'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

export const PARTY_KINDS = ['person', 'company'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export const ID_TYPES = [
  'resident_id',
  'passport',
  'officer_card',
  'hk_macau_permit',
  'taiwan_permit',
  'business_licence',
  'other',
] as const;
export type IdType = (typeof ID_TYPES)[number];

export const PARTY_ROLES = ['owner', 'co_owner', 'tenant', 'previous_owner'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const DOCUMENT_FORMS = ['original', 'copy'] as const;
export type DocumentForm = (typeof DOCUMENT_FORMS)[number];

export const SESSION_KINDS = ['password', 'badge'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** Chinese and English names shown to people. */
export const LABELS = {
  itemState: {
    in_place: { zh: '在架', en: 'In place' },
    out: { zh: '借出', en: 'Checked out' },
    removed: { zh: '未登记取出', en: 'Removed without check-out' },
    in_transfer: { zh: '移交中', en: 'In transfer' },
    missing: { zh: '遗失', en: 'Missing' },
    destroyed: { zh: '已销毁', en: 'Destroyed' },
  },
  dossierKind: {
    individual_buyer: { zh: '个人业主', en: 'Individual buyer' },
    company_buyer: { zh: '单位业主', en: 'Company buyer' },
    tenant: { zh: '租户', en: 'Tenant' },
    shop_lease: { zh: '商铺租赁', en: 'Shop lease' },
    engineering: { zh: '工程档案', en: 'Engineering' },
    internal: { zh: '部门内部档案', en: 'Internal' },
    litigation: { zh: '诉讼档案', en: 'Litigation' },
    major_complaint: { zh: '重大投诉', en: 'Major complaint' },
  },
  folderGroup: {
    a: { zh: '销售、签约、办证及入伙资料', en: 'Sales, contract, title and move-in' },
    b: { zh: '维修/赔付资料', en: 'Repairs and compensation' },
    c: { zh: '其他资料', en: 'Other papers' },
    d: { zh: '出租期资料', en: 'Lease-period papers' },
    e: { zh: '销售历史', en: 'Sales history' },
  },
  retention: {
    permanent: { zh: '永久', en: 'Permanent' },
    y30: { zh: '30年', en: '30 years' },
    y10: { zh: '10年', en: '10 years' },
  },
} as const;
