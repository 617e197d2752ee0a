// Who borrows what in the demo history, and why: customer files go to the customer-service staff of their
// estate (staff borrow only in their own area; sales and engineering serve none), engineering files to
// engineering, case files to legal. Confidential A files, boxes and cabinet keys do not circulate; B files need an approval.
import type { ConfidentialityLevel, DossierKind } from '../domain/vocabulary.js';
import type { DossierRow } from './dossier-plan.js';
import type { CirculationProfile } from './history.js';
import type { ItemRow } from './items.js';
import type { PeoplePlan } from './people.js';

const PURPOSES: Record<DossierKind, readonly string[]> = {
  individual_buyer: [
    '办理产权证',
    '业主查阅',
    '维修赔付核对',
    '入伙资料核对',
    '房屋变更资料补充',
    '按揭资料核对',
  ],
  company_buyer: ['办理产权证', '业主查阅', '维修赔付核对', '入伙资料核对'],
  tenant: ['租赁合同续签', '租户资料核对'],
  shop_lease: ['租赁合同续签', '租金核对', '商铺装修审批'],
  engineering: ['工程索赔核对', '保修金结算', '维修方案复核'],
  internal: ['内部查阅'],
  litigation: ['诉讼取证', '开庭准备'],
  major_complaint: ['投诉处理回访', '赔付方案复核'],
};
const KEY_PURPOSES = ['入户维修', '楼层巡检', '消防检查'];

export function planProfiles(
  items: readonly ItemRow[],
  dossiers: readonly DossierRow[],
  estateOfProperty: (propertyId: number) => number,
  people: PeoplePlan,
  areaEstateId: number,
  limitedUserIds: ReadonlySet<number>,
  floorKeys: ReadonlySet<number>,
): Array<CirculationProfile | null> {
  const id = (username: string) => people.ids[username] as number;
  const staff = people.staffIds;
  const unlimited = staff.filter((u) => !limitedUserIds.has(u));
  const cache = new Map<string, CirculationProfile>();
  const profile = (
    key: string,
    holders: readonly number[],
    purposes: readonly string[],
    needsApproval: boolean,
  ) => {
    let p = cache.get(key);
    if (!p) {
      p = { holders: holders.length > 0 ? holders : unlimited, purposes, needsApproval };
      cache.set(key, p);
    }
    return p;
  };
  const holdersFor = (kind: DossierKind, estateId: number | null): readonly number[] => {
    switch (kind) {
      case 'engineering':
        return [id('staff6'), id('supervisor2')];
      case 'litigation':
        return [id('legal')];
      case 'internal':
        return [id('supervisor')];
      case 'major_complaint':
        return [
          id('supervisor'),
          ...(estateId === areaEstateId ? staff.filter((u) => limitedUserIds.has(u)) : []),
        ];
      default:
        // Customer-service staff of the estate; elsewhere (no demo staff serves it) the supervisor. Sales
        // serve no estate of their own, so the access rules give them no customer file.
        return estateId === areaEstateId ? staff.filter((u) => limitedUserIds.has(u)) : [id('supervisor')];
    }
  };
  return items.map((item, index) => {
    if (item.kind === 'box') return null;
    if (item.kind === 'key') {
      // Cabinet keys stay with the archive team; floor keys go out to engineering.
      return floorKeys.has(index)
        ? profile('key', [id('staff6'), id('supervisor2')], KEY_PURPOSES, false)
        : null;
    }
    const dossier = item.dossier_id === null ? undefined : dossiers[item.dossier_id - 1];
    if (!dossier) return null;
    const level: ConfidentialityLevel = dossier.confidentiality;
    if (level === 'A') return null;
    const estateId = dossier.property_id === null ? null : estateOfProperty(dossier.property_id);
    const inArea = estateId === areaEstateId;
    return profile(
      `${dossier.kind}:${inArea}:${level}`,
      holdersFor(dossier.kind, estateId),
      PURPOSES[dossier.kind],
      level !== 'C',
    );
  });
}
