// Completeness (目录与实物相符, seed 002 篇1 §4.3): each dossier has a checklist of the papers it should
// hold; the archivist ticks what is present, and the system lists what is missing so it can be chased
// (对遗缺不全的档案…积极收集齐全, seed 002 篇2 §4.1.2). The default checklists, as seed data, are at the end.
import type { DocumentForm, DossierKind, FolderGroup } from './vocabulary.js';

export interface ChecklistEntry {
  id: number;
  code: string;
  title: string;
  folderGroup: FolderGroup | null;
  required: boolean;
  /** The form the rule asks for; null = either. */
  form: DocumentForm | null;
  copies: number;
}

export interface DossierDocument {
  entryId: number | null;
  present: boolean;
  /** null = form not recorded. */
  form: DocumentForm | null;
  copies: number;
  pages: number;
}

export type MissingReason = 'absent' | 'wrong_form' | 'too_few_copies';

export interface MissingEntry {
  entryId: number;
  code: string;
  title: string;
  folderGroup: FolderGroup | null;
  reason: MissingReason;
  requiredForm: DocumentForm | null;
  requiredCopies: number;
  /** Copies on file that count towards the rule (of the required form). */
  countedCopies: number;
}

export interface CompletenessSummary {
  complete: boolean;
  missing: MissingEntry[];
  /** Checklist entries (required or not) with at least one document present. */
  presentCount: number;
  requiredCount: number;
  /** Required entries fully met. */
  satisfiedCount: number;
  pages: number;
}

/** A present document counts at least once: a tick with copies left at 0 still means one paper is there. */
function copiesOf(doc: DossierDocument): number {
  return Math.max(1, doc.copies);
}

// An original meets a rule asking for a copy (it is the better paper); a copy never meets a rule asking
// for an original, nor does a paper whose form was not recorded.
function meetsForm(required: DocumentForm | null, actual: DocumentForm | null): boolean {
  if (required === 'original') return actual === 'original';
  return true;
}

export function checkCompleteness(
  entries: readonly ChecklistEntry[],
  documents: readonly DossierDocument[],
): CompletenessSummary {
  const present = new Map<number, DossierDocument[]>();
  let pages = 0;
  for (const doc of documents) {
    if (!doc.present) continue;
    pages += Math.max(0, doc.pages);
    if (doc.entryId === null) continue;
    const list = present.get(doc.entryId) ?? [];
    list.push(doc);
    present.set(doc.entryId, list);
  }

  const missing: MissingEntry[] = [];
  let presentCount = 0;
  let satisfiedCount = 0;
  for (const entry of entries) {
    const docs = present.get(entry.id) ?? [];
    if (docs.length > 0) presentCount++;
    if (!entry.required) continue;
    const needed = Math.max(1, entry.copies);
    const counted = docs
      .filter((d) => meetsForm(entry.form, d.form))
      .reduce((sum, d) => sum + copiesOf(d), 0);
    let reason: MissingReason | null = null;
    if (docs.length === 0) reason = 'absent';
    else if (counted === 0) reason = 'wrong_form';
    else if (counted < needed) reason = 'too_few_copies';
    if (reason === null) {
      satisfiedCount++;
      continue;
    }
    missing.push({
      entryId: entry.id,
      code: entry.code,
      title: entry.title,
      folderGroup: entry.folderGroup,
      reason,
      requiredForm: entry.form,
      requiredCopies: needed,
      countedCopies: counted,
    });
  }
  const requiredCount = entries.filter((e) => e.required).length;
  return { complete: missing.length === 0, missing, presentCount, requiredCount, satisfiedCount, pages };
}

export interface ChecklistTemplateEntry {
  code: string;
  title: string;
  folderGroup: FolderGroup;
  required: boolean;
  form: DocumentForm | null;
  copies: number;
}

/** Matches checklist_templates + checklist_entries; an entry's position is its index. */
export interface ChecklistTemplate {
  code: string;
  name: string;
  dossierKind: DossierKind;
  entries: readonly ChecklistTemplateEntry[];
}

// All of these are group a, 销售、签约、办证及入伙资料 (seed 003 §5.10.2 a). `opt` marks papers needed only in
// some cases (a non-local buyer, a minor, several buyers, a changed contract, an owner who had to be chased).
const req = (code: string, title: string, form: DocumentForm | null = null, copies = 1) =>
  ({ code, title, folderGroup: 'a', required: true, form, copies }) as const;
const opt = (code: string, title: string, form: DocumentForm | null = null, copies = 1) =>
  ({ code, title, folderGroup: 'a', required: false, form, copies }) as const;

// Seed 000 第七条: what the marketing department hands over once the contract is filed and paid in full.
const CONTRACT = [
  req('sales_contract_original', '《商品房买卖合同》正本（已备案，加盖骑缝章）', 'original'),
  req('sales_contract_duplicate', '《商品房买卖合同》副本（已备案，加盖骑缝章）', 'copy'),
];
const INVOICES = req('payment_invoice_copies', '购房款全款发票复印件（含首付款、贷款发票）', 'copy');
const CHANGE = opt('signing_change_application', '《签约变更申请单》原件（合同变更时）', 'original');
const OTHER = opt('other', '其他');

const INDIVIDUAL_TRANSFER = [
  ...CONTRACT,
  req('buyer_id_copy', '身份证（或军官证、护照）复印件', 'copy'),
  opt('temporary_residence_permit_copy', '暂住证复印件（外地客户）', 'copy'),
  INVOICES,
  opt('guardian_notarial_certificate', '《监护人公证书》（未成年人）', 'original'),
  opt('guardian_id_original', '监护人身份证明原件（未成年人）', 'original'),
  opt('co_ownership_agreement', '《房产共有协议》原件（两人及以上购房）', 'original'),
  CHANGE,
  OTHER,
];

const COMPANY_TRANSFER = [
  ...CONTRACT,
  req('business_licence_copy', '企业营业执照副本（或事业单位法人证明）复印件，加盖公章', 'copy', 3),
  req('organisation_code_copy', '组织机构代码证书复印件，加盖公章', 'copy', 3),
  req('tax_registration_copy', '税务登记证副本（地税）复印件，加盖公章', 'copy', 3),
  req('legal_rep_certificate', '法人身份证明，加盖公章', 'original', 3),
  req('legal_rep_id_copy', '法人身份证复印件', 'copy', 3),
  req('power_of_attorney', '授权委托书原件，加盖公章', 'original', 3),
  req('agent_id_copy', '授权委托人身份证复印件', 'copy', 3),
  INVOICES,
  CHANGE,
  OTHER,
];

// Seed 000 第五条 (客户信息档案内容) and DOMAIN.md "Completeness": move-in and title papers.
const MOVE_IN = [
  req('move_in_notice', '入住通知书'),
  req('move_in_procedure', '入住手续书'),
  req('house_inspection_form', '验房单'),
  opt('move_in_reminder', '入住催办函'),
  opt('ems_receipt', 'EMS 邮寄单'),
  req('key_signoff', '房屋钥匙签收确认书', 'original'),
  req('deed_tax_receipt', '契税缴纳收据'),
  req('maintenance_fund_receipt', '公共维修基金缴纳收据'),
];
const TITLE = [
  req('title_certificate_copy', '产权证复印件', 'copy'),
  req('title_collection_receipt', '产权领取确认单', 'original'),
];

const BUYERS = { individual_buyer: '个人', company_buyer: '单位' } as const;

export const DEFAULT_CHECKLIST_TEMPLATES: readonly ChecklistTemplate[] = Object.entries(BUYERS).flatMap(
  ([kind, zh]) => {
    const dossierKind = kind as keyof typeof BUYERS;
    return [
      {
        code: `${kind}_transfer`,
        name: `${zh}购房客户信息档案移交清单`,
        dossierKind,
        entries: dossierKind === 'individual_buyer' ? INDIVIDUAL_TRANSFER : COMPANY_TRANSFER,
      },
      { code: `${kind}_move_in`, name: `入住资料（${zh}业主）`, dossierKind, entries: MOVE_IN },
      { code: `${kind}_title`, name: `产权资料（${zh}业主）`, dossierKind, entries: TITLE },
    ];
  },
);

export function templatesForKind(kind: DossierKind): ChecklistTemplate[] {
  return DEFAULT_CHECKLIST_TEMPLATES.filter((t) => t.dossierKind === kind);
}
