import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OWNER_POLICY,
  fieldAccess,
  maskHolderContact,
  maskIdNumber,
  maskName,
  maskParty,
  maskPhone,
  mayFindByIdNumber,
  mayReveal,
  ownerDataAreaBound,
  type FieldAccess,
  type PartyView,
  type SensitiveField,
} from '../../server/domain/masking.js';
import { ROLE_PERMISSIONS, roleMay } from '../../server/domain/access.js';
import { ROLES, type Role } from '../../server/domain/vocabulary.js';

const owner: PartyView = {
  name: '张三明',
  kind: 'person',
  idType: 'resident_id',
  idNumber: '440301199001011234',
  mobile: '13812345678',
  homePhone: '0755-83456789',
  vip: false,
};
const vip: PartyView = { ...owner, vip: true };

// DOMAIN.md "Confidentiality": per role, the ordinary owner's mobile and home phone, the ID number, and a
// VIP owner's mobile; for the supervisor the seed's own words (002 §4.5.1.3: name and unit only) win. `none` for staff outside their area is decided by access.ts (see access.test.ts).
const TABLE: Record<Role, { phones: FieldAccess; id: FieldAccess; vipMobile: FieldAccess }> = {
  staff: { phones: 'whole', id: 'masked', vipMobile: 'none' },
  supervisor: { phones: 'none', id: 'none', vipMobile: 'none' },
  archivist: { phones: 'reveal', id: 'reveal', vipMobile: 'none' },
  site_manager: { phones: 'whole', id: 'reveal', vipMobile: 'reveal' },
  gm: { phones: 'reveal', id: 'reveal', vipMobile: 'reveal' },
  legal: { phones: 'reveal', id: 'reveal', vipMobile: 'reveal' },
  admin: { phones: 'none', id: 'none', vipMobile: 'none' },
};

describe('the owner policy table (seed 002 §4.5.1)', () => {
  it.each(ROLES)('%s: each field as DOMAIN.md says', (role) => {
    const want = TABLE[role];
    expect(fieldAccess(role, 'mobile', false)).toBe(want.phones);
    expect(fieldAccess(role, 'home_phone', false)).toBe(want.phones);
    expect(fieldAccess(role, 'home_phone', true)).toBe(want.phones);
    expect(fieldAccess(role, 'id_number', false)).toBe(want.id);
    expect(fieldAccess(role, 'id_number', true)).toBe(want.id);
    expect(fieldAccess(role, 'mobile', true)).toBe(want.vipMobile);
  });

  it('only the site manager sees phones whole beyond staff, and nobody an ID number or a VIP mobile inline', () => {
    const whole = (field: SensitiveField, vipOwner: boolean) =>
      ROLES.filter((r) => fieldAccess(r, field, vipOwner) === 'whole');
    expect(whole('mobile', false)).toEqual(['staff', 'site_manager']);
    expect(whole('id_number', false)).toEqual([]);
    expect(whole('mobile', true)).toEqual([]);
  });

  it('binds staff, supervisors and the site manager to their granted estates; the rest are company-wide', () => {
    expect(ROLES.filter(ownerDataAreaBound)).toEqual(['staff', 'supervisor', 'site_manager']);
  });

  it('names and units go to every role that reads owners, and to nobody else', () => {
    for (const role of ROLES) {
      const reads = roleMay(role, 'party.read');
      expect(OWNER_POLICY[role].name === 'whole', role).toBe(reads);
      expect(OWNER_POLICY[role].unit === 'whole', role).toBe(reads);
    }
  });

  it('grants the reveal permission exactly to the roles with a field to reveal', () => {
    for (const role of ROLES) {
      const some = (['id_number', 'mobile', 'home_phone'] as const).some(
        (f) => mayReveal(role, f, false) || mayReveal(role, f, true),
      );
      expect(ROLE_PERMISSIONS[role].includes('party.read_sensitive'), role).toBe(some);
    }
  });

  it('lets only roles that may reveal ID numbers search by one', () => {
    expect(ROLES.filter(mayFindByIdNumber)).toEqual(['archivist', 'site_manager', 'gm', 'legal']);
  });

  it('an unknown role sees nothing', () => {
    for (const field of ['id_number', 'mobile', 'home_phone'] as const)
      expect(fieldAccess('auditor' as Role, field, false)).toBe('none');
    expect(maskParty(owner, 'auditor' as Role)).toMatchObject({
      name: '张*明',
      idNumber: null,
      mobile: null,
      homePhone: null,
    });
  });
});

describe('maskParty by role', () => {
  it('staff (in their area) see name and phones whole (to be logged), the ID number masked', () => {
    const out = maskParty(owner, 'staff');
    expect(out).toMatchObject({
      name: '张三明',
      idType: 'resident_id',
      idNumber: '440***********1234',
      mobile: '13812345678',
      homePhone: '0755-83456789',
      masked: ['id_number'],
      revealable: [],
    });
    expect(out.sensitiveFieldsShown.sort()).toEqual(['home_phone', 'mobile']);
  });

  it("staff never receive a VIP owner's mobile, not even masked", () => {
    const out = maskParty(vip, 'staff');
    expect(out.mobile).toBeNull();
    expect(out.vip).toBe(true);
    expect(out.sensitiveFieldsShown).toEqual(['home_phone']);
  });

  it('the supervisor gets the name only (and the unit with it): no phone, no ID, nothing to reveal', () => {
    const out = maskParty(vip, 'supervisor');
    expect(out).toMatchObject({
      name: '张三明',
      idNumber: null,
      mobile: null,
      homePhone: null,
      revealable: [],
      sensitiveFieldsShown: [],
    });
  });

  it('the site manager sees phones whole, and the ID and a VIP mobile masked but revealable', () => {
    const plain = maskParty(owner, 'site_manager');
    expect(plain).toMatchObject({ mobile: '13812345678', idNumber: '440***********1234' });
    expect(plain.revealable).toEqual(['id_number']);
    const important = maskParty(vip, 'site_manager');
    expect(important).toMatchObject({ mobile: '138****5678', homePhone: '0755-83456789' });
    expect(important.revealable.sort()).toEqual(['id_number', 'mobile']);
    expect(important.sensitiveFieldsShown).toEqual(['home_phone']);
  });

  it.each<Role>(['gm', 'legal', 'archivist'])('%s gets everything masked inline, nothing whole', (role) => {
    const out = maskParty(owner, role);
    expect(out).toMatchObject({
      name: '张三明',
      idNumber: '440***********1234',
      mobile: '138****5678',
      homePhone: '0755*****6789',
      sensitiveFieldsShown: [],
    });
    expect(out.revealable.sort()).toEqual(['home_phone', 'id_number', 'mobile']);
  });

  it('a VIP mobile is revealable for gm and legal, never for the archivist', () => {
    expect(maskParty(vip, 'gm').revealable).toContain('mobile');
    expect(maskParty(vip, 'archivist').mobile).toBeNull();
    expect(maskParty(vip, 'archivist').revealable).not.toContain('mobile');
  });

  it('masks a company name for a role that sees no names', () => {
    const company: PartyView = { ...owner, kind: 'company', name: '深圳市某某科技有限公司' };
    expect(maskParty(company, 'admin').name).toBe('深圳****公司');
  });

  it('returns null for values not loaded and does not log them', () => {
    const partial: PartyView = { name: '李四', kind: 'person', idType: 'passport', vip: false };
    const out = maskParty(partial, 'staff');
    expect(out).toMatchObject({ idNumber: null, idType: null, mobile: null, homePhone: null });
    expect(out.sensitiveFieldsShown).toEqual([]);
    expect(maskParty({ ...partial, mobile: '' }, 'archivist').masked).toEqual([]);
  });

  it('never hands a role a whole value inline unless its row says whole', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
    const party = fc.record({
      name: fc.string({ minLength: 2, maxLength: 8 }).filter((s) => !s.includes('*') && s.trim() === s),
      kind: fc.constantFrom('person' as const, 'company' as const),
      idType: fc.constant('resident_id' as const),
      idNumber: digits(18),
      mobile: digits(11).map((s) => `1${s.slice(1)}`),
      homePhone: digits(8).map((s) => `0755-${s}`),
      vip: fc.boolean(),
    });
    fc.assert(
      fc.property(party, fc.constantFrom(...ROLES), (p, role) => {
        const out = JSON.stringify(maskParty(p, role));
        const row = TABLE[role];
        expect(out).not.toContain(p.idNumber);
        if ((p.vip ? row.vipMobile : row.phones) !== 'whole') expect(out).not.toContain(p.mobile);
        if (row.phones !== 'whole') expect(out).not.toContain(p.homePhone);
      }),
    );
  });
});

describe('maskName', () => {
  it.each([
    ['张三明', 'person', '张*明'],
    ['王五', 'person', '王*'],
    ['欧阳明明', 'person', '欧**明'],
    ['王', 'person', '*'],
    ['', 'person', ''],
    ['  张三明 ', 'person', '张*明'],
    ['John Smith', 'person', 'J********h'],
    ['深圳市某某科技有限公司', 'company', '深圳****公司'],
    ['华润置地公司', 'company', '华润****公司'],
    ['某某公司', 'company', '某**司'],
    ['𠀀𠀁𠀂', 'person', '𠀀*𠀂'],
  ] as const)('%j (%s) → %j', (name, kind, masked) => {
    expect(maskName(name, kind)).toBe(masked);
  });
});

describe('maskPhone and maskIdNumber', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['0755-83456789', '0755*****6789'],
    ['83456789', '83****89'],
    ['12345', '****5'],
    ['1234', '****'],
    ['', ''],
  ])('maskPhone(%j) → %j', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it.each([
    ['440301199001011234', 'resident_id', '440***********1234'],
    ['44030119900101123X', 'resident_id', '440***********123X'],
    ['440301900101123', 'resident_id', '440********1123'],
    ['E12345678', 'passport', 'E******78'],
    ['91440300MA5DXXXX1K', 'business_licence', '914***********XX1K'],
    ['AB', 'other', '**'],
  ] as const)('maskIdNumber(%j, %s) → %j', (id, type, masked) => {
    expect(maskIdNumber(id, type)).toBe(masked);
  });

  const MASKERS = {
    phone: (s: string) => maskPhone(s),
    id: (s: string) => maskIdNumber(s, 'resident_id'),
    passport: (s: string) => maskIdNumber(s, 'passport'),
    name: (s: string) => maskName(s, 'person'),
  };

  it.each(Object.keys(MASKERS) as (keyof typeof MASKERS)[])(
    '%s: same length, hidden positions are stars, never everything shown',
    (which) => {
      fc.assert(
        fc.property(fc.stringMatching(/^[0-9A-Z]{1,24}$/), (value) => {
          const masked = Array.from(MASKERS[which](value));
          const chars = Array.from(value);
          expect(masked).toHaveLength(chars.length);
          let shown = 0;
          masked.forEach((c, i) => {
            if (c !== '*') {
              expect(c).toBe(chars[i]);
              shown++;
            }
          });
          expect(shown).toBeLessThan(chars.length);
          // The hidden run is contiguous and sits in the middle: the masked text never holds it.
          const firstStar = masked.indexOf('*');
          const lastStar = masked.lastIndexOf('*');
          expect(masked.slice(firstStar, lastStar + 1).every((c) => c === '*')).toBe(true);
        }),
      );
    },
  );

  it('a company mask hides at least the middle and the length', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 6, maxLength: 40, unit: 'grapheme' }), (raw) => {
        const name = raw.trim();
        fc.pre(Array.from(name).length >= 6);
        const chars = Array.from(name);
        expect(maskName(name, 'company')).toBe(
          `${chars.slice(0, 2).join('')}****${chars.slice(-2).join('')}`,
        );
      }),
    );
  });
});

describe('a holder’s work contact on the board', () => {
  const contact = { phone: '13900001004', extension: '8004' };
  it('shows the extension to everyone who watches the board, the phone whole only to the managers', () => {
    expect(maskHolderContact('supervisor', contact)).toEqual({ phone: '139****1004', extension: '8004' });
    expect(maskHolderContact('archivist', contact)).toEqual({ phone: '139****1004', extension: '8004' });
    expect(maskHolderContact('legal', contact)).toEqual({ phone: '139****1004', extension: '8004' });
    expect(maskHolderContact('site_manager', contact)).toEqual(contact);
    expect(maskHolderContact('gm', contact)).toEqual(contact);
    expect(maskHolderContact('staff', contact)).toEqual({ phone: null, extension: null });
    expect(maskHolderContact('admin', contact)).toEqual({ phone: null, extension: null });
    expect(maskHolderContact('gm', { phone: null, extension: '' })).toEqual({ phone: null, extension: null });
  });
});
