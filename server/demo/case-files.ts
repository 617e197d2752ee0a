// The files numbered by kind, year and sequence (GC-2026-0007 …): engineering claims and repairs, litigation
// case files (cross-referenced with the owner's customer file, which keeps the closed case's papers in
// group c), major complaints (一事一档) and department internal files kept in boxes.
import { archiveNoFor, DEFAULT_RULE_SET } from '../domain/archive-number.js';
import type { DossierKind } from '../domain/vocabulary.js';
import type { DossierBuilder, DossierRow } from './dossier-plan.js';
import type { OwnersPlan } from './owners.js';
import { departmentId } from './people.js';
import { SITE, type Layout, type PlannedProperty } from './places.js';

const ENGINEERING = [
  '外墙渗漏索赔',
  '地下车库紧急维修',
  '电梯维保违约扣款',
  '保修金退还',
  '消防整改往来函件',
  '园林工程付款申请',
];
const COMPLAINTS = ['漏水赔付', '噪音扰民', '装修损坏公共设施', '车位纠纷', '房屋质量'];
const INTERNAL = ['客服部年度工作文件', '销售部移交清单汇编', '档案室盘点记录', '总经理办公室会议纪要'];

export function planCaseFiles(
  b: DossierBuilder,
  layout: Layout,
  owners: OwnersPlan,
  customer: readonly DossierRow[],
  n: number,
): void {
  const { rng, nowYear } = b;
  const seqs = new Map<string, number>();
  const numbered = (kind: DossierKind, year: number) => {
    const key = `${kind}:${year}`;
    const seq = (seqs.get(key) ?? 0) + 1;
    seqs.set(key, seq);
    return archiveNoFor(DEFAULT_RULE_SET, { kind, year, seq });
  };
  const estateName = (id: number) => layout.estates[id - 1]?.name ?? '';
  const someHome = () => rng.int(0, layout.homes.length - 1);
  for (let k = 0; k < Math.ceil(n / 50); k++) {
    const year = rng.int(nowYear - 2, nowYear);
    const home = layout.homes[someHome()] as PlannedProperty;
    const title = `${estateName(home.estateId)}${home.building}栋${rng.pick(ENGINEERING)}`;
    const d = b.addDossier({
      archive_no: numbered('engineering', year),
      property_id: null,
      kind: 'engineering',
      title,
      year,
      confidentiality: 'C',
      retention: 'y30',
      department_id: departmentId('ENG'),
    });
    const count = rng.int(1, 3);
    for (let v = 1; v <= count; v++)
      b.folder(d.id, null, v, `${d.archive_no} ${title}${count > 1 ? ` 第${v}册` : ''}`);
    if (rng.chance(0.3))
      b.addVolume({
        kind: 'box',
        dossierId: d.id,
        group: null,
        volume: 1,
        title: `${d.archive_no} 工程资料盒`,
      });
  }
  for (let k = 0; k < Math.ceil(n / 200); k++) {
    const i = someHome();
    const customerFile = customer[i] as DossierRow;
    const owner = owners.parties[(owners.homes[i] as OwnersPlan['homes'][number]).ownerId - 1];
    const year = rng.int(nowYear - 3, nowYear);
    const closed = year < nowYear && rng.chance(0.6);
    const d = b.addDossier({
      archive_no: numbered('litigation', year),
      property_id: null,
      kind: 'litigation',
      title: `${owner?.name ?? '业主'}与${SITE.name}房屋质量纠纷案`,
      year,
      confidentiality: 'B',
      retention: 'permanent',
      department_id: departmentId('LEGAL'),
      status: closed ? 'closed' : 'active',
      legal_hold: !closed,
    });
    const count = rng.int(1, 3);
    for (let v = 1; v <= count; v++)
      b.folder(d.id, null, v, `${d.archive_no} 诉讼案卷${count > 1 ? ` 第${v}册` : ''}`);
    b.link(customerFile.id, d.id, '诉讼案卷');
    if (closed) {
      const volume = b.volumesOf(customerFile.id).filter((v) => v.group === 'c').length + 1;
      b.folder(customerFile.id, 'c', volume, `${customerFile.archive_no} 诉讼结案资料（见 ${d.archive_no}）`);
    }
  }
  for (let k = 0; k < Math.ceil(n / 150); k++) {
    const i = someHome();
    const home = layout.homes[i] as PlannedProperty;
    const year = rng.int(nowYear - 2, nowYear);
    const d = b.addDossier({
      archive_no: numbered('major_complaint', year),
      property_id: null,
      kind: 'major_complaint',
      title: `${home.label}${rng.pick(COMPLAINTS)}投诉（一事一档）`,
      year,
      confidentiality: 'B',
      retention: 'y30',
      department_id: departmentId('CS'),
    });
    b.folder(d.id, null, 1, `${d.archive_no} 投诉处理资料`);
    b.link((customer[i] as DossierRow).id, d.id, '重大投诉');
  }
  for (let k = 0; k < Math.ceil(n / 300); k++) {
    const year = rng.int(nowYear - 3, nowYear);
    const title = `${year}年${INTERNAL[k % INTERNAL.length]}`;
    const d = b.addDossier({
      archive_no: numbered('internal', year),
      property_id: null,
      kind: 'internal',
      title,
      year,
      confidentiality: 'C',
      retention: 'y10',
      department_id: departmentId(k % 2 ? 'GMO' : 'CS'),
    });
    b.addVolume({ kind: 'box', dossierId: d.id, group: null, volume: 1, title: `${d.archive_no} ${title}` });
  }
}
