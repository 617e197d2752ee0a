import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maskIdNumber,
  maskName,
  maskParty,
  maskPhone,
  partyPolicy,
  type PartyView,
  type Viewer,
} from '../../server/domain/masking.js';
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
const ESTATE = 7;
const viewer = (role: Role, estateIds: Viewer['estateIds'] = [ESTATE]): Viewer => ({ role, estateIds });

describe('maskParty by role (seed 002 §4.5.1)', () => {
  it.each<Role>(['supervisor', 'gm', 'legal'])('%s sees the complete summary and must log it', (role) => {
    const out = maskParty(owner, viewer(role, [99]), ESTATE);
    expect(out).toMatchObject({
      name: '张三明',
      idType: 'resident_id',
      idNumber: '440301199001011234',
      mobile: '13812345678',
      homePhone: '0755-83456789',
      vip: false,
      masked: [],
    });
    expect(out.sensitiveFieldsShown.sort()).toEqual(['home_phone', 'id_number', 'mobile']);
  });

  it('staff in their area see name and phones, not the ID number', () => {
    const out = maskParty(owner, viewer('staff'), ESTATE);
    expect(out).toMatchObject({ name: '张三明', idType: null, idNumber: null, mobile: '13812345678' });
    expect(out.homePhone).toBe('0755-83456789');
    expect(out.sensitiveFieldsShown.sort()).toEqual(['home_phone', 'mobile']);
  });

  it("staff never see a VIP owner's mobile whole", () => {
    const out = maskParty(vip, viewer('staff', 'all'), ESTATE);
    expect(out.mobile).toBe('138****5678');
    expect(out.masked).toContain('mobile');
    expect(out.sensitiveFieldsShown).toEqual(['home_phone']);
    expect(out.vip).toBe(true);
  });

  it.each<[string, Viewer, number | null]>([
    ['staff outside their area', viewer('staff', [1, 2]), ESTATE],
    ['staff with no estates', viewer('staff', []), ESTATE],
    ['staff and a record with no estate', viewer('staff', [ESTATE]), null],
    ['admin', viewer('admin', 'all'), ESTATE],
  ])('%s see a masked name only', (_label, v, estateId) => {
    const out = maskParty(owner, v, estateId);
    expect(out).toEqual({
      name: '张*明',
      kind: 'person',
      idType: null,
      idNumber: null,
      mobile: null,
      homePhone: null,
      vip: null,
      masked: ['name'],
      sensitiveFieldsShown: [],
    });
  });

  it('staff with every estate see a record with no estate', () => {
    expect(maskParty(owner, viewer('staff', 'all'), null).mobile).toBe('13812345678');
  });

  it('the archivist sees the full name and masked phones and ID', () => {
    const out = maskParty(vip, viewer('archivist', []), ESTATE);
    expect(out).toMatchObject({
      name: '张三明',
      idType: 'resident_id',
      idNumber: '440***********1234',
      mobile: '138****5678',
      homePhone: '0755*****6789',
      vip: true,
      sensitiveFieldsShown: [],
    });
    expect(out.masked.sort()).toEqual(['home_phone', 'id_number', 'mobile']);
  });

  it('masks a company name keeping 2 + 2 characters', () => {
    const company: PartyView = { ...owner, kind: 'company', name: '深圳市某某科技有限公司' };
    expect(maskParty(company, viewer('admin'), ESTATE).name).toBe('深圳****公司');
  });

  it('returns null for values not loaded and does not log them', () => {
    const partial: PartyView = { name: '李四', kind: 'person', idType: 'passport', vip: false };
    const out = maskParty(partial, viewer('gm'), ESTATE);
    expect(out).toMatchObject({ idNumber: null, mobile: null, homePhone: null, sensitiveFieldsShown: [] });
    expect(maskParty({ ...partial, mobile: '' }, viewer('archivist'), ESTATE).masked).toEqual([]);
  });

  it('an unknown role is treated like admin', () => {
    expect(partyPolicy({ role: 'auditor' as Role, estateIds: 'all' }, ESTATE, false)).toEqual(
      partyPolicy(viewer('admin'), ESTATE, false),
    );
  });

  it('never hands a role a whole value it may not see', () => {
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
    const v = fc.record({
      role: fc.constantFrom(...ROLES),
      estateIds: fc.oneof(fc.constant('all' as const), fc.array(fc.integer({ min: 1, max: 5 }))),
    });
    fc.assert(
      fc.property(party, v, fc.option(fc.integer({ min: 1, max: 5 })), (p, who, estateId) => {
        const result = maskParty(p, who, estateId);
        const out = JSON.stringify(result);
        const full = ['supervisor', 'gm', 'legal'].includes(who.role);
        const staffInArea =
          who.role === 'staff' &&
          (who.estateIds === 'all' || (estateId !== null && who.estateIds.includes(estateId)));
        if (!full) expect(out).not.toContain(p.idNumber);
        if (!full && !(staffInArea && !p.vip)) expect(out).not.toContain(p.mobile);
        if (!full && !staffInArea) expect(out).not.toContain(p.homePhone);
        if (!full && !staffInArea && who.role !== 'archivist') expect(result.name).not.toBe(p.name);
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
