import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KIND_CODES,
  DEFAULT_RULE_SET,
  archiveNoFor,
  assertArchiveNoChangeAllowed,
  checkKindCodes,
  formatArchiveNo,
  isArchiveNoChangeAllowed,
  isValidArchiveNo,
  makeRuleSet,
  parseRule,
  sequenceScope,
  type ArchiveNoParts,
  type RuleScope,
} from '../../server/domain/archive-number.js';
import { DanganError } from '../../server/domain/errors.js';
import { PROPERTY_DOSSIER_KINDS, type DossierKind } from '../../server/domain/vocabulary.js';

const home = { estate: 'HY', building: '3', unit: '2', room: '1502' };
const no = (parts: ArchiveNoParts) => archiveNoFor(DEFAULT_RULE_SET, parts);

function errorOf(fn: () => unknown): DanganError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DanganError) return e;
    throw e;
  }
  throw new Error('expected a DanganError');
}

describe('default rules', () => {
  it('numbers a buyer file by its property and other customer files with a kind suffix', () => {
    expect(no({ kind: 'individual_buyer', ...home })).toBe('HY-3-2-1502');
    expect(no({ kind: 'company_buyer', ...home })).toBe('HY-3-2-1502');
    expect(no({ kind: 'tenant', ...home })).toBe('HY-3-2-1502-ZL');
    expect(no({ kind: 'shop_lease', ...home })).toBe('HY-3-2-1502-SP');
  });

  it('numbers files without a property by kind, year and sequence', () => {
    expect(no({ kind: 'engineering', year: 2026, seq: 7 })).toBe('GC-2026-0007');
    expect(no({ kind: 'litigation', year: 2025, seq: 123 })).toBe('SS-2025-0123');
    expect(no({ kind: 'internal', year: 2026, seq: 9999 })).toBe('NB-2026-9999');
    expect(no({ kind: 'major_complaint', year: 2026, seq: 1 })).toBe('TS-2026-0001');
  });

  it('uppercases, trims and folds full-width parts', () => {
    const parts = { kind: 'tenant' as const, estate: ' hy ', building: '３', unit: 'b', room: '１５０２' };
    expect(no(parts)).toBe('HY-3-B-1502-ZL');
  });

  it('gives the sequence scope the store counts under', () => {
    expect(sequenceScope(DEFAULT_RULE_SET, { kind: 'engineering', year: 2026 })).toBe('GC-2026-#');
    expect(sequenceScope(DEFAULT_RULE_SET, { kind: 'internal', year: 2025 })).toBe('NB-2025-#');
  });
});

describe('invalid parts', () => {
  it.each([
    ['estate', '华苑'],
    ['building', '3 号'],
    ['unit', '2-1'],
    ['room', '1502室'],
    ['room', ''],
    ['room', '   '],
    ['room', undefined],
  ])('refuses %s %j', (part, value) => {
    const e = errorOf(() => no({ kind: 'individual_buyer', ...home, [part]: value }));
    expect(e.code).toBe('ARCHIVE_NO_PART_INVALID');
    expect(e.details).toMatchObject({ part });
    expect(e.messages.zh).toContain(part);
  });

  it.each([undefined, 999, 10000, 2026.5])('refuses year %s', (year) => {
    const e = errorOf(() => no({ kind: 'engineering', year, seq: 1 }));
    expect(e.details).toMatchObject({ part: 'year' });
  });

  it.each([undefined, 0, -1, 1.5])('refuses sequence %s', (seq) => {
    const e = errorOf(() => no({ kind: 'engineering', year: 2026, seq }));
    expect(e.details).toMatchObject({ part: 'seq' });
  });

  it('says when a sequence outgrows its width', () => {
    expect(errorOf(() => no({ kind: 'engineering', year: 2026, seq: 10000 })).code).toBe(
      'ARCHIVE_NO_SEQUENCE_FULL',
    );
  });

  it('refuses a kind the rule is not for', () => {
    const { property, other } = DEFAULT_RULE_SET;
    expect(errorOf(() => formatArchiveNo(property, { kind: 'engineering', ...home })).code).toBe(
      'ARCHIVE_NO_PART_INVALID',
    );
    expect(
      errorOf(() => formatArchiveNo(other, { kind: 'tenant', year: 2026, seq: 1 })).details,
    ).toMatchObject({
      part: 'kind',
    });
  });

  it('refuses a number longer than the column', () => {
    const long = 'A'.repeat(60);
    const e = errorOf(() => no({ kind: 'individual_buyer', ...home, estate: long }));
    expect(e.details).toMatchObject({ part: 'archive_no', reason: 'too long' });
  });
});

describe('parseRule', () => {
  it.each<[string, RuleScope, string]>([
    ['', 'property', 'empty'],
    ['   ', 'other', 'empty'],
    ['{estate-{building}-{unit}-{room}', 'property', 'unbalanced_braces'],
    ['{estate}}-{building}-{unit}-{room}', 'property', 'unbalanced_braces'],
    ['{estate}-{building}-{unit}-{room', 'property', 'unbalanced_braces'],
    ['{estate}-{building}-{floor}-{room}', 'property', 'unknown_token'],
    ['{ estate }-{building}-{unit}-{room}', 'property', 'unknown_token'],
    ['{kind}-{year}-{seq}', 'other', 'bad_seq_width'],
    ['{kind}-{year}-{seq:0}', 'other', 'bad_seq_width'],
    ['{kind}-{year}-{seq:10}', 'other', 'bad_seq_width'],
    ['{estate}/{building}-{unit}-{room}', 'property', 'bad_character'],
    ['{estate} {building}-{unit}-{room}', 'property', 'bad_character'],
    ['ABC', 'other', 'no_tokens'],
    ['{estate}-{building}-{unit}-{room}-{room}', 'property', 'duplicate_token'],
    ['-{estate}-{building}-{unit}-{room}', 'property', 'bad_separator'],
    ['{estate}--{building}-{unit}-{room}', 'property', 'bad_separator'],
    ['{estate}-{building}-{unit}-{room}-', 'property', 'bad_separator'],
    ['{estate}-{building}{unit}-{room}', 'property', 'unseparated_tokens'],
    ['{estate}-{building}-{unit}X{room}', 'property', 'unseparated_tokens'],
    ['{estate}-{building}-{room}', 'property', 'missing_token'],
    ['{building}-{unit}-{room}', 'property', 'missing_token'],
    ['{estate}-{building}-{unit}-{room}-{seq:3}', 'property', 'seq_in_property_rule'],
    ['{estate}-{year}-{seq:4}', 'other', 'property_token'],
    ['{kind}-{year}', 'other', 'missing_token'],
  ])('refuses %j as a %s rule (%s)', (text, scope, reason) => {
    const e = errorOf(() => parseRule(text, scope));
    expect(e.code).toBe('ARCHIVE_NO_RULE_INVALID');
    expect(e.status).toBe(400);
    expect(e.details).toMatchObject({ reason });
    expect(e.messages.zh).toMatch(/^档号规则不正确：.+/);
    expect(e.messages.en).toMatch(/^The archive number rule is not valid: .+/);
  });

  it('names the offending token in the message', () => {
    const e = errorOf(() => parseRule('{estate}-{building}-{floor}-{room}'));
    expect(e.messages.zh).toContain('{floor}');
    expect(e.messages.en).toContain('{floor}');
    expect(errorOf(() => parseRule('{estate}-{building}-{room}')).messages.en).toContain('{unit}');
  });

  it('accepts fixed-width tokens next to each other and next to a code', () => {
    expect(() => parseRule('{kind}{year}{seq:5}', 'other')).not.toThrow();
    expect(() => parseRule('{site}-{estate}-{building}-{unit}-{room}-{year}', 'property')).not.toThrow();
  });

  it('appends the kind to a property rule that has none, and keeps the text as written', () => {
    const rule = parseRule(' {estate}-{building}-{unit}-{room} ');
    expect(rule.source).toBe('{estate}-{building}-{unit}-{room}');
    expect(rule.segments.at(-1)).toEqual({ type: 'token', token: 'kind' });
  });

  it('uppercases literal text and folds full-width braces', () => {
    const rule = parseRule('hq-｛estate｝-{building}-{unit}-{room}');
    expect(formatArchiveNo(rule, { kind: 'tenant', ...home })).toBe('HQ-HY-3-2-1502-ZL');
  });

  it('drops the separator of an empty kind wherever the kind stands', () => {
    const front = parseRule('{kind}-{estate}-{building}-{unit}-{room}');
    expect(formatArchiveNo(front, { kind: 'individual_buyer', ...home })).toBe('HY-3-2-1502');
    expect(formatArchiveNo(front, { kind: 'tenant', ...home })).toBe('ZL-HY-3-2-1502');
    const middle = parseRule('{estate}-{kind}-{building}-{unit}-{room}');
    expect(formatArchiveNo(middle, { kind: 'company_buyer', ...home })).toBe('HY-3-2-1502');
    expect(formatArchiveNo(middle, { kind: 'shop_lease', ...home })).toBe('HY-SP-3-2-1502');
  });
});

describe('kind codes', () => {
  it('accepts custom codes, uppercased', () => {
    const set = makeRuleSet({ kindCodes: { individual_buyer: 'gr', company_buyer: 'dw' } });
    expect(archiveNoFor(set, { kind: 'individual_buyer', ...home })).toBe('HY-3-2-1502-GR');
    expect(archiveNoFor(set, { kind: 'company_buyer', ...home })).toBe('HY-3-2-1502-DW');
  });

  it.each<[Record<string, string>, string]>([
    [{ tenant: '' }, 'duplicate_kind_code'],
    [{ internal: 'GC' }, 'duplicate_kind_code'],
    [{ tenant: 'Z-L' }, 'bad_kind_code'],
    [{ tenant: '租赁' }, 'bad_kind_code'],
  ])('refuses kind codes %j (%s)', (codes, reason) => {
    expect(errorOf(() => checkKindCodes(codes)).details).toMatchObject({ reason });
  });

  it('lets the two buyer kinds share a code (a property has one buyer file)', () => {
    expect(() => checkKindCodes({ individual_buyer: 'YZ', company_buyer: 'YZ' })).not.toThrow();
  });

  it('keeps the defaults for kinds not given', () => {
    expect(checkKindCodes({ tenant: 'ZH' })).toEqual({ ...DEFAULT_KIND_CODES, tenant: 'ZH' });
  });
});

describe('an assigned number never changes (DA/T 13)', () => {
  it('allows the first assignment and a no-op', () => {
    expect(isArchiveNoChangeAllowed(null, 'HY-3-2-1502')).toBe(true);
    expect(isArchiveNoChangeAllowed(undefined, 'HY-3-2-1502')).toBe(true);
    expect(isArchiveNoChangeAllowed('', 'HY-3-2-1502')).toBe(true);
    expect(isArchiveNoChangeAllowed('HY-3-2-1502', 'HY-3-2-1502')).toBe(true);
    expect(() => assertArchiveNoChangeAllowed('HY-3-2-1502', 'HY-3-2-1502')).not.toThrow();
  });

  it('refuses any other change, even one that only looks like a correction', () => {
    for (const proposed of ['HY-3-2-1503', 'HY-3-2-1502-ZL', 'HY-03-2-1502']) {
      expect(isArchiveNoChangeAllowed('HY-3-2-1502', proposed)).toBe(false);
      const e = errorOf(() => assertArchiveNoChangeAllowed('HY-3-2-1502', proposed));
      expect(e.code).toBe('ARCHIVE_NO_IMMUTABLE');
      expect(e.details).toEqual({ current: 'HY-3-2-1502', proposed });
    }
  });

  it('refuses a malformed number even as a first assignment', () => {
    expect(isArchiveNoChangeAllowed(null, 'hy-3-2-1502')).toBe(false);
    expect(errorOf(() => assertArchiveNoChangeAllowed(null, 'HY 3')).code).toBe('ARCHIVE_NO_PART_INVALID');
  });

  it('tells a well-formed number from a malformed one', () => {
    for (const ok of ['HY-3-2-1502', 'GC-2026-0007', 'A', 'A'.repeat(64)]) {
      expect(isValidArchiveNo(ok)).toBe(true);
    }
    for (const bad of ['', '-A', 'A-', 'A--B', 'a-b', '华苑-1', 'HY 3', 'A'.repeat(65)]) {
      expect(isValidArchiveNo(bad)).toBe(false);
    }
  });
});

describe('properties', () => {
  const code = fc.stringMatching(/^[A-Za-z0-9]{1,6}$/);
  const property = fc.record({ estate: code, building: code, unit: code, room: code });
  const propertyKinds = fc.constantFrom<DossierKind>(...PROPERTY_DOSSIER_KINDS);
  const BUYER_SLOT = (kind: DossierKind) => (kind.endsWith('_buyer') ? 'buyer' : kind);
  const rules = fc.constantFrom(
    '{estate}-{building}-{unit}-{room}',
    '{kind}-{estate}-{building}-{unit}-{room}',
    '{estate}-{kind}-{building}-{unit}-{room}',
    'S1-{room}-{unit}-{building}-{estate}',
    '{estate}-{building}-{unit}-{room}-{year}',
  );

  it('every number uses only A–Z, 0–9 and single dashes', () => {
    fc.assert(
      fc.property(rules, property, propertyKinds, (text, p, kind) => {
        const n = formatArchiveNo(parseRule(text), { kind, year: 2026, ...p });
        expect(n).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)*$/);
        expect(isValidArchiveNo(n)).toBe(true);
      }),
    );
  });

  it('distinct (property, kind) pairs get distinct numbers; the two buyer kinds share one slot', () => {
    fc.assert(
      fc.property(rules, fc.array(property, { minLength: 1, maxLength: 12 }), (text, homes) => {
        const rule = parseRule(text);
        const byNumber = new Map<string, string>();
        for (const p of homes) {
          for (const kind of PROPERTY_DOSSIER_KINDS) {
            const parts: ArchiveNoParts = { kind, year: 2026, ...p };
            const n = formatArchiveNo(rule, parts);
            const key = JSON.stringify([p.estate, p.building, p.unit, p.room].map((s) => s.toUpperCase()));
            const slot = `${key}|${BUYER_SLOT(kind)}`;
            expect(byNumber.get(n) ?? slot).toBe(slot);
            byNumber.set(n, slot);
          }
        }
      }),
    );
  });

  it('distinct (kind, year, sequence) triples get distinct numbers', () => {
    const nonProperty = fc.constantFrom<DossierKind>(
      'engineering',
      'internal',
      'litigation',
      'major_complaint',
    );
    const triple = fc.tuple(
      nonProperty,
      fc.integer({ min: 2000, max: 2099 }),
      fc.integer({ min: 1, max: 9999 }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(triple, { selector: (t) => t.join('|'), maxLength: 30 }), (triples) => {
        const numbers = triples.map(([kind, year, seq]) => no({ kind, year, seq }));
        expect(new Set(numbers).size).toBe(triples.length);
      }),
    );
  });
});
