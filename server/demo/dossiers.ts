// The demo's dossiers: one customer file per home (一户一档), tenant and shop-lease files, and the other
// classes (engineering, litigation, major complaints, internal), with their cross-references and the
// physical volumes each one is kept in.
import { archiveNoFor, DEFAULT_RULE_SET } from '../domain/archive-number.js';
import {
  LABELS,
  type ConfidentialityLevel,
  type DossierKind,
  type FolderGroup,
} from '../domain/vocabulary.js';
import type { ChecklistRows } from './checklists.js';
import { planDocuments } from './checklists.js';
import type { OwnersPlan } from './owners.js';
import { SAME_OWNER } from './owners.js';
import { departmentId, type DepartmentCode } from './people.js';
import { planCaseFiles } from './case-files.js';
import { SITE, type Layout, type PlannedProperty } from './places.js';
import type { Random } from './random.js';
import type { DossierBuilder, DossierPlan, DossierRow, VolumeSpec } from './dossier-plan.js';

const PROJECT = ['常规资料：合同范本', '常规资料：通知公告', '常规资料：表格模板', '常规资料：入伙资料样本'];

function createBuilder(rng: Random, createdAt: string, nowYear: number): DossierBuilder {
  const plan: DossierPlan = { dossiers: [], links: [], documents: [], volumes: [], incompleteDossiers: 0 };
  const volumes = new Map<number, VolumeSpec[]>();
  const addVolume = (v: VolumeSpec) => {
    const list = volumes.get(v.dossierId ?? 0) ?? [];
    list.push(v);
    volumes.set(v.dossierId ?? 0, list);
  };
  return {
    plan,
    rng,
    createdAt,
    nowYear,
    addDossier: (d) => {
      const row: DossierRow = {
        id: plan.dossiers.length + 1,
        site_id: SITE.id,
        status: 'active',
        legal_hold: false,
        created_at: createdAt,
        ...d,
      };
      plan.dossiers.push(row);
      return row;
    },
    addVolume,
    folder: (dossierId, group, volume, title) =>
      addVolume({ kind: 'folder', dossierId, group, volume, title }),
    link: (a, b, reason) => {
      plan.links.push({ id: plan.links.length + 1, dossier_id: a, linked_dossier_id: b, reason });
      plan.links.push({ id: plan.links.length + 1, dossier_id: b, linked_dossier_id: a, reason });
    },
    volumesOf: (dossierId) => volumes.get(dossierId) ?? [],
  };
}

/** Natural order of archive numbers: numeric parts by value, so HY-1-1-901 files before HY-1-1-1001. */
export function compareArchiveNo(a: string, b: string): number {
  const pa = a.split('-');
  const pb = b.split('-');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? 0 : -1) : 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function planDossiers(
  layout: Layout,
  owners: OwnersPlan,
  checklists: ChecklistRows,
  opts: { rng: Random; households: number; createdAt: string; nowYear: number },
): DossierPlan {
  const { rng, createdAt, nowYear } = opts;
  const n = opts.households;
  const builder = createBuilder(rng, createdAt, nowYear);
  const { plan, addDossier, folder, link } = builder;
  const propertyNo = (p: PlannedProperty, kind: DossierKind) =>
    archiveNoFor(DEFAULT_RULE_SET, {
      kind,
      estate: p.estate.code,
      building: p.building,
      unit: p.unit,
      room: p.row.room,
    });
  const dept = (code: DepartmentCode) => departmentId(code);

  // Customer files (一户一档).
  const customer: DossierRow[] = [];
  layout.homes.forEach((home, i) => {
    const o = owners.homes[i] as OwnersPlan['homes'][number];
    const kind: DossierKind = o.company ? 'company_buyer' : 'individual_buyer';
    const level: ConfidentialityLevel = rng.chance(0.003) ? 'A' : o.vip || rng.chance(0.005) ? 'B' : 'C';
    const d = addDossier({
      archive_no: propertyNo(home, kind),
      property_id: home.row.id,
      kind,
      title: `${home.label} 客户档案`,
      year: o.year,
      confidentiality: level,
      retention: 'permanent',
      department_id: dept('CS'),
    });
    customer.push(d);
    const list = checklists.byKind.get(kind);
    if (list && !planDocuments(plan.documents, d.id, list, rng, createdAt)) plan.incompleteDossiers++;
    const groupName = (g: FolderGroup) => LABELS.folderGroup[g].zh;
    const aVolumes = rng.weighted([1, 2, 3], [50, 42, 8]);
    for (let v = 1; v <= aVolumes; v++)
      folder(d.id, 'a', v, `${d.archive_no} ${groupName('a')}${aVolumes > 1 ? ` 第${v}册` : ''}`);
    if (rng.chance(0.6)) {
      const bVolumes = rng.chance(0.2) ? 2 : 1;
      for (let v = 1; v <= bVolumes; v++)
        folder(d.id, 'b', v, `${d.archive_no} ${groupName('b')}${bVolumes > 1 ? ` 第${v}册` : ''}`);
    }
    if (o.changed) folder(d.id, 'c', 1, `${d.archive_no} 原业主资料（房屋变更，另行保存）`);
    else if (rng.chance(0.05)) folder(d.id, 'c', 1, `${d.archive_no} ${groupName('c')}`);
    if (rng.chance(0.03)) folder(d.id, 'd', 1, `${d.archive_no} ${groupName('d')}`);
    if (rng.chance(0.07)) folder(d.id, 'e', 1, `${d.archive_no} ${groupName('e')}（认购、退订、违约）`);
  });
  owners.homes.forEach((o, i) => {
    if (o.sameOwnerAs !== null && o.sameOwnerAs > i)
      link((customer[i] as DossierRow).id, (customer[o.sameOwnerAs] as DossierRow).id, SAME_OWNER);
  });

  // Tenant files on let homes, shop-lease files on shops.
  for (const i of owners.tenantHomes) {
    const home = layout.homes[i] as PlannedProperty;
    const d = addDossier({
      archive_no: propertyNo(home, 'tenant'),
      property_id: home.row.id,
      kind: 'tenant',
      title: `${home.label} 租户档案`,
      year: nowYear - 1,
      confidentiality: 'C',
      retention: 'y10',
      department_id: dept('CS'),
    });
    folder(d.id, null, 1, `${d.archive_no} 租赁合同及租户资料`);
  }
  for (const shop of layout.shops) {
    const d = addDossier({
      archive_no: propertyNo(shop, 'shop_lease'),
      property_id: shop.row.id,
      kind: 'shop_lease',
      title: `${shop.label} 租赁档案`,
      year: rng.int(nowYear - 4, nowYear - 1),
      confidentiality: 'C',
      retention: 'y30',
      department_id: dept('CS'),
    });
    const count = rng.int(1, 2);
    for (let v = 1; v <= count; v++)
      folder(d.id, null, v, `${d.archive_no} 商铺租赁资料${count > 1 ? ` 第${v}册` : ''}`);
  }

  planCaseFiles(builder, layout, owners, customer, n);

  // Filing order: by archive number, each file's volumes by group and volume number.
  const groupRank = (g: FolderGroup | null) => (g === null ? 0 : g.charCodeAt(0));
  for (const d of [...plan.dossiers].sort((x, y) => compareArchiveNo(x.archive_no, y.archive_no))) {
    const list = builder.volumesOf(d.id);
    list.sort((x, y) => groupRank(x.group) - groupRank(y.group) || x.volume - y.volume);
    plan.volumes.push(...list);
  }
  for (let k = 0; k < Math.ceil(n / 200); k++) {
    plan.volumes.push({
      kind: 'box',
      dossierId: null,
      group: null,
      volume: 1,
      title: `${PROJECT[k % PROJECT.length]} ${nowYear - (k % 3)}`,
    });
  }
  return plan;
}
