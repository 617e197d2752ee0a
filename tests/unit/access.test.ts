import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  ROLE_CLEARANCE,
  ROLE_PERMISSIONS,
  assertCan,
  can,
  roleMay,
  type Action,
  type Actor,
  type RecordContext,
} from '../../server/domain/access.js';
import { DanganError, type ErrorCode } from '../../server/domain/errors.js';
import { CONFIDENTIALITY_LEVELS, DOSSIER_KINDS, ROLES, type Role } from '../../server/domain/vocabulary.js';

const HOME = 7;
const actor = (role: Role, over: Partial<Actor> = {}): Actor => ({
  userId: 10,
  role,
  departmentId: 1,
  estateIds: [HOME],
  ...over,
});
const customer: RecordContext = { estateId: HOME, confidentiality: 'C', dossierKind: 'individual_buyer' };
const levelB: RecordContext = { ...customer, confidentiality: 'B' };
const levelA: RecordContext = { ...customer, confidentiality: 'A' };
const away: RecordContext = { ...customer, estateId: 99 };
const litigation: RecordContext = { estateId: null, confidentiality: 'B', dossierKind: 'litigation' };
const heldByMe: RecordContext = { ...customer, holderUserId: 10 };
const heldByOther: RecordContext = { ...customer, holderUserId: 11 };

const reason = (
  role: Role,
  action: Action,
  record?: RecordContext,
  over?: Partial<Actor>,
): ErrorCode | 'ok' => {
  const d = can(actor(role, over), action, record);
  return d.allowed ? 'ok' : d.reason;
};

type Case = [Action, RecordContext | undefined, ErrorCode | 'ok'];

// Each role: what it may and may not do, with records in and out of area and above its clearance.
const CASES: Record<Role, Case[]> = {
  staff: [
    ['archive.read', undefined, 'ok'],
    ['dossier.read', customer, 'ok'],
    ['item.read', customer, 'ok'],
    ['party.read', customer, 'ok'],
    ['item.checkout.self', customer, 'ok'],
    ['item.checkin', heldByMe, 'ok'],
    ['holdings.read_own', undefined, 'ok'],
    ['dossier.read', away, 'OUTSIDE_AREA'],
    ['item.checkout.self', away, 'OUTSIDE_AREA'],
    ['item.read', undefined, 'OUTSIDE_AREA'],
    ['dossier.read', levelB, 'CLEARANCE_TOO_LOW'],
    ['item.checkout.self', levelA, 'CLEARANCE_REQUIRED'],
    ['dossier.read', litigation, 'LITIGATION_RESTRICTED'],
    ['item.checkin', heldByOther, 'NOT_HOLDER'],
    ['item.checkin', customer, 'NOT_HOLDER'],
    ['item.checkout.other', customer, 'FORBIDDEN'],
    ['item.move', customer, 'FORBIDDEN'],
    ['item.register', customer, 'FORBIDDEN'],
    ['item.mark_missing', customer, 'FORBIDDEN'],
    ['item.history', customer, 'FORBIDDEN'],
    ['dossier.write', customer, 'FORBIDDEN'],
    ['holdings.read_all', undefined, 'FORBIDDEN'],
    ['party.read_sensitive', customer, 'FORBIDDEN'],
    ['user.manage', undefined, 'FORBIDDEN'],
    ['ledger.verify', undefined, 'FORBIDDEN'],
  ],
  archivist: [
    ['dossier.read', away, 'ok'],
    ['dossier.write', levelB, 'ok'],
    ['item.register', levelA, 'ok'],
    ['item.checkout.other', levelA, 'ok'],
    ['item.checkin', heldByOther, 'ok'],
    ['item.move', litigation, 'ok'],
    ['item.mark_missing', away, 'ok'],
    ['item.history', litigation, 'ok'],
    ['item.label', levelA, 'ok'],
    ['item.read', litigation, 'ok'],
    ['item.checkin', litigation, 'ok'],
    ['audit.run', undefined, 'ok'],
    ['holdings.read_all', undefined, 'ok'],
    ['party.read', customer, 'ok'],
    ['dossier.read', levelA, 'CLEARANCE_TOO_LOW'],
    ['dossier.write', levelA, 'CLEARANCE_TOO_LOW'],
    ['item.checkout.self', levelA, 'CLEARANCE_REQUIRED'],
    ['dossier.read', litigation, 'LITIGATION_RESTRICTED'],
    ['dossier.write', litigation, 'LITIGATION_RESTRICTED'],
    ['party.read', litigation, 'LITIGATION_RESTRICTED'],
    ['party.read', away, 'ok'], // company-wide, like the files themselves
    ['party.read_sensitive', customer, 'ok'], // which fields: masking.ts
    ['party.read_sensitive', levelA, 'CLEARANCE_TOO_LOW'],
    ['borrow.approve', customer, 'FORBIDDEN'],
    ['ledger.verify', undefined, 'FORBIDDEN'],
    ['user.manage', undefined, 'FORBIDDEN'],
    ['location.write', undefined, 'FORBIDDEN'],
  ],
  supervisor: [
    ['dossier.read', away, 'ok'],
    ['dossier.read', levelB, 'ok'],
    ['party.read', customer, 'ok'],
    ['party.read', away, 'OUTSIDE_AREA'], // owners of their own jurisdiction only (seed 002 §4.5.1.3)
    ['party.read', levelA, 'CLEARANCE_TOO_LOW'],
    ['party.read_sensitive', customer, 'FORBIDDEN'], // name and unit only: nothing to reveal
    ['item.history', customer, 'ok'],
    ['holdings.read_all', undefined, 'ok'],
    ['ledger.verify', undefined, 'ok'],
    ['borrow.approve', levelB, 'ok'],
    ['item.checkout.self', customer, 'ok'],
    ['item.checkin', heldByMe, 'ok'],
    ['dossier.read', levelA, 'CLEARANCE_TOO_LOW'],
    ['borrow.approve', levelA, 'CLEARANCE_TOO_LOW'],
    ['item.history', levelA, 'CLEARANCE_TOO_LOW'],
    ['dossier.read', litigation, 'LITIGATION_RESTRICTED'],
    ['item.checkin', heldByOther, 'NOT_HOLDER'],
    ['item.move', customer, 'FORBIDDEN'],
    ['item.register', customer, 'FORBIDDEN'],
    ['item.checkout.other', customer, 'FORBIDDEN'],
    ['dossier.write', customer, 'FORBIDDEN'],
    ['user.manage', undefined, 'FORBIDDEN'],
    ['destruction.approve', undefined, 'FORBIDDEN'],
    ['borrow.approve_internal', customer, 'FORBIDDEN'],
  ],
  site_manager: [
    ['dossier.read', away, 'ok'],
    ['dossier.read', levelB, 'ok'],
    ['party.read', customer, 'ok'],
    ['party.read_sensitive', customer, 'ok'],
    ['party.read', away, 'OUTSIDE_AREA'],
    ['party.read_sensitive', away, 'OUTSIDE_AREA'],
    ['party.read_sensitive', levelA, 'CLEARANCE_TOO_LOW'],
    ['party.read', litigation, 'LITIGATION_RESTRICTED'],
    ['borrow.approve', customer, 'ok'],
    ['borrow.approve_internal', customer, 'ok'],
    ['item.history', customer, 'ok'],
    ['holdings.read_all', undefined, 'ok'],
    ['item.checkin', heldByOther, 'NOT_HOLDER'],
    ['item.move', customer, 'FORBIDDEN'],
    ['dossier.write', customer, 'FORBIDDEN'],
    ['destruction.approve', undefined, 'FORBIDDEN'],
    ['user.manage', undefined, 'FORBIDDEN'],
  ],
  gm: [
    ['dossier.read', levelA, 'ok'],
    ['dossier.read', litigation, 'ok'],
    ['party.read_sensitive', levelA, 'ok'],
    ['party.read', away, 'ok'],
    ['borrow.approve', levelA, 'ok'],
    ['destruction.approve', undefined, 'ok'],
    ['holdings.read_all', undefined, 'ok'],
    ['item.checkout.self', litigation, 'ok'],
    ['item.checkin', heldByOther, 'NOT_HOLDER'],
    ['item.move', customer, 'FORBIDDEN'],
    ['dossier.write', litigation, 'FORBIDDEN'],
    ['user.manage', undefined, 'FORBIDDEN'],
  ],
  legal: [
    ['dossier.read', litigation, 'ok'],
    ['dossier.write', litigation, 'ok'],
    ['dossier.read', levelA, 'ok'],
    ['party.read_sensitive', away, 'ok'],
    ['borrow.approve', litigation, 'ok'],
    ['item.checkout.self', litigation, 'ok'],
    ['dossier.write', customer, 'FORBIDDEN'],
    ['dossier.write', undefined, 'FORBIDDEN'],
    ['item.checkout.other', litigation, 'FORBIDDEN'],
    ['item.move', litigation, 'FORBIDDEN'],
    ['destruction.approve', undefined, 'FORBIDDEN'],
    ['user.manage', undefined, 'FORBIDDEN'],
  ],
  admin: [
    ['archive.read', undefined, 'ok'],
    ['user.manage', undefined, 'ok'],
    ['location.write', undefined, 'ok'],
    ['ledger.verify', undefined, 'ok'],
    ['dossier.read', customer, 'FORBIDDEN'],
    ['item.read', customer, 'FORBIDDEN'],
    ['party.read', customer, 'FORBIDDEN'],
    ['item.checkout.self', customer, 'FORBIDDEN'],
    ['item.checkin', heldByMe, 'FORBIDDEN'],
    ['item.move', customer, 'FORBIDDEN'],
    ['holdings.read_all', undefined, 'FORBIDDEN'],
    ['holdings.read_own', undefined, 'FORBIDDEN'],
  ],
};

describe.each(ROLES)('%s', (role) => {
  it.each(CASES[role])('%s on %j → %s', (action, record, expected) => {
    expect(reason(role, action, record)).toBe(expected);
  });
});

describe('area', () => {
  it("staff with 'all' estates read any estate", () => {
    expect(reason('staff', 'dossier.read', away, { estateIds: 'all' })).toBe('ok');
  });

  it('staff with no estates read nothing bound to an estate', () => {
    expect(reason('staff', 'dossier.read', customer, { estateIds: [] })).toBe('OUTSIDE_AREA');
    expect(reason('staff', 'party.read', customer, { estateIds: [] })).toBe('OUTSIDE_AREA');
  });

  it('owner data: no area means no owners for area-bound roles; an explicit grant opens every estate', () => {
    for (const role of ['supervisor', 'site_manager'] as const) {
      expect(reason(role, 'party.read', customer, { estateIds: [] })).toBe('OUTSIDE_AREA');
      expect(reason(role, 'party.read', { estateId: null }, { estateIds: [] })).toBe('OUTSIDE_AREA');
      expect(reason(role, 'party.read', away, { estateIds: 'all' })).toBe('ok');
      expect(reason(role, 'dossier.read', customer, { estateIds: [] })).toBe('ok'); // the file, not its owners
    }
    expect(reason('gm', 'party.read', customer, { estateIds: [] })).toBe('ok');
  });

  it('a file with no estate belongs to its department', () => {
    const internal: RecordContext = { estateId: null, departmentId: 1, dossierKind: 'internal' };
    expect(reason('staff', 'dossier.read', internal)).toBe('ok');
    expect(reason('staff', 'dossier.read', { ...internal, departmentId: 2 })).toBe('OUTSIDE_AREA');
    expect(reason('staff', 'dossier.read', { ...internal, departmentId: null })).toBe('OUTSIDE_AREA');
    expect(reason('staff', 'dossier.read', { ...internal, departmentId: null }, { estateIds: 'all' })).toBe(
      'ok',
    );
  });
});

describe('approved requests and returns', () => {
  it('an approved request lifts area and level, not the role or litigation', () => {
    expect(reason('staff', 'item.checkout.self', { ...levelA, estateId: 99, approved: true })).toBe('ok');
    expect(reason('supervisor', 'dossier.read', { ...levelA, approved: true })).toBe('ok');
    expect(reason('staff', 'item.move', { ...customer, approved: true })).toBe('FORBIDDEN');
    expect(reason('staff', 'dossier.read', { ...litigation, approved: true })).toBe('LITIGATION_RESTRICTED');
  });

  it('a holder can always hand back what they hold, even if it is now out of reach', () => {
    expect(reason('staff', 'item.checkin', { ...levelA, estateId: 99, holderUserId: 10 })).toBe('ok');
    expect(reason('staff', 'item.checkin', { ...litigation, holderUserId: 10 })).toBe('ok');
  });

  it('a record with no level counts as C (seed 003 §5.1.5)', () => {
    expect(reason('staff', 'dossier.read', { estateId: HOME })).toBe('ok');
  });
});

describe('assertCan', () => {
  it('throws the reason as a 403 DanganError', () => {
    const tryIt = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      return null;
    };
    const e = tryIt(() => assertCan(actor('staff'), 'dossier.read', levelB));
    expect(e).toBeInstanceOf(DanganError);
    expect(e).toMatchObject({ code: 'CLEARANCE_TOO_LOW', status: 403 });
    expect(tryIt(() => assertCan(actor('admin'), 'item.move', customer))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(tryIt(() => assertCan(actor('admin'), 'ledger.verify'))).toBeNull();
  });
});

describe('the table', () => {
  it('grants only known actions, each at most once per role', () => {
    for (const role of ROLES) {
      const granted = ROLE_PERMISSIONS[role];
      expect(new Set(granted).size).toBe(granted.length);
      for (const action of granted) expect(ACTIONS).toContain(action);
    }
  });

  it('gives every action to some role and orders clearances C < B < A', () => {
    for (const action of ACTIONS) expect(ROLES.some((r) => roleMay(r, action))).toBe(true);
    expect(ROLE_CLEARANCE).toEqual({
      staff: 'C',
      archivist: 'B',
      supervisor: 'B',
      site_manager: 'B',
      gm: 'A',
      legal: 'A',
      admin: 'C',
    });
  });

  it('denies an unknown role everything', () => {
    for (const action of ACTIONS) expect(can(actor('auditor' as Role), action, customer).allowed).toBe(false);
  });
});

describe('properties', () => {
  const record = fc.record(
    {
      estateId: fc.option(fc.integer({ min: 1, max: 4 })),
      departmentId: fc.option(fc.integer({ min: 1, max: 3 })),
      confidentiality: fc.constantFrom(...CONFIDENTIALITY_LEVELS),
      dossierKind: fc.option(fc.constantFrom(...DOSSIER_KINDS)),
      holderUserId: fc.option(fc.integer({ min: 1, max: 3 })),
      approved: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  const someActor = fc.record({
    userId: fc.integer({ min: 1, max: 3 }),
    role: fc.constantFrom(...ROLES),
    departmentId: fc.option(fc.integer({ min: 1, max: 3 })),
    estateIds: fc.oneof(fc.constant('all' as const), fc.uniqueArray(fc.integer({ min: 1, max: 4 }))),
  });
  const action = fc.constantFrom(...ACTIONS);

  it('nothing is allowed that the role table does not grant', () => {
    fc.assert(
      fc.property(someActor, action, record, (a, act, r) => {
        if (can(a, act, r).allowed) expect(roleMay(a.role, act)).toBe(true);
      }),
    );
  });

  it('raising a level or narrowing an area never turns a denial into a permission', () => {
    fc.assert(
      fc.property(someActor, action, record, (a, act, r) => {
        if (can(a, act, r).allowed) return;
        expect(can(a, act, { ...r, confidentiality: 'A' }).allowed).toBe(false);
        expect(can({ ...a, estateIds: [] }, act, r).allowed).toBe(false);
      }),
    );
  });
});
