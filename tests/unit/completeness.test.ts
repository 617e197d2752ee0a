import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHECKLIST_TEMPLATES,
  checkCompleteness,
  templatesForKind,
  type ChecklistEntry,
  type DossierDocument,
} from '../../server/domain/completeness.js';
import { DOCUMENT_FORMS, FOLDER_GROUPS } from '../../server/domain/vocabulary.js';

const entry = (id: number, over: Partial<ChecklistEntry> = {}): ChecklistEntry => ({
  id,
  code: `e${id}`,
  title: `entry ${id}`,
  folderGroup: 'a',
  required: true,
  form: null,
  copies: 1,
  ...over,
});
const doc = (entryId: number | null, over: Partial<DossierDocument> = {}): DossierDocument => ({
  entryId,
  present: true,
  form: 'copy',
  copies: 1,
  pages: 2,
  ...over,
});

describe('checkCompleteness', () => {
  it('is complete when every required entry is met', () => {
    const entries = [entry(1), entry(2, { form: 'original' }), entry(3, { required: false })];
    const result = checkCompleteness(entries, [doc(1), doc(2, { form: 'original', pages: 5 })]);
    expect(result).toEqual({
      complete: true,
      missing: [],
      presentCount: 2,
      requiredCount: 2,
      satisfiedCount: 2,
      pages: 7,
    });
  });

  it('lists a required entry with no document, or only an unticked one, as absent', () => {
    const entries = [entry(1), entry(2), entry(3, { required: false })];
    const result = checkCompleteness(entries, [doc(2, { present: false })]);
    expect(result.complete).toBe(false);
    expect(result.missing.map((m) => [m.code, m.reason])).toEqual([
      ['e1', 'absent'],
      ['e2', 'absent'],
    ]);
    expect(result.presentCount).toBe(0);
    expect(result.pages).toBe(0);
  });

  it('an original is required and only a copy is on file: wrong form', () => {
    const result = checkCompleteness([entry(1, { form: 'original' })], [doc(1, { form: 'copy', copies: 3 })]);
    expect(result.missing).toEqual([
      {
        entryId: 1,
        code: 'e1',
        title: 'entry 1',
        folderGroup: 'a',
        reason: 'wrong_form',
        requiredForm: 'original',
        requiredCopies: 1,
        countedCopies: 0,
      },
    ]);
    expect(result.presentCount).toBe(1);
  });

  it('a paper whose form was not recorded does not meet a rule asking for an original', () => {
    const result = checkCompleteness([entry(1, { form: 'original' })], [doc(1, { form: null })]);
    expect(result.missing[0]?.reason).toBe('wrong_form');
  });

  it('an original meets a rule asking for a copy, and either form meets a rule with no form', () => {
    expect(checkCompleteness([entry(1, { form: 'copy' })], [doc(1, { form: 'original' })]).complete).toBe(
      true,
    );
    expect(checkCompleteness([entry(1)], [doc(1, { form: null })]).complete).toBe(true);
  });

  it("counts copies: a company buyer's licence copy ×3", () => {
    const licence = entry(1, { form: 'copy', copies: 3 });
    expect(checkCompleteness([licence], [doc(1, { copies: 2 })]).missing[0]).toMatchObject({
      reason: 'too_few_copies',
      requiredCopies: 3,
      countedCopies: 2,
    });
    expect(checkCompleteness([licence], [doc(1, { copies: 3 })]).complete).toBe(true);
    expect(checkCompleteness([licence], [doc(1, { copies: 1 }), doc(1, { copies: 2 })]).complete).toBe(true);
  });

  it('counts only copies of the required form', () => {
    const poa = entry(1, { form: 'original', copies: 3 });
    const result = checkCompleteness([poa], [doc(1, { form: 'original', copies: 2 }), doc(1, { copies: 5 })]);
    expect(result.missing[0]).toMatchObject({ reason: 'too_few_copies', countedCopies: 2 });
  });

  it('a ticked paper with copies left at 0 counts once', () => {
    expect(checkCompleteness([entry(1)], [doc(1, { copies: 0 })]).complete).toBe(true);
    expect(checkCompleteness([entry(1, { copies: 2 })], [doc(1, { copies: 0 })]).missing[0]?.reason).toBe(
      'too_few_copies',
    );
  });

  it('ignores papers with no entry or an unknown entry, but counts their pages', () => {
    const result = checkCompleteness([entry(1)], [doc(null, { pages: 4 }), doc(42, { pages: 1 })]);
    expect(result).toMatchObject({ complete: false, presentCount: 0, pages: 5 });
  });

  it('an empty checklist is complete', () => {
    expect(checkCompleteness([], [])).toMatchObject({ complete: true, requiredCount: 0, presentCount: 0 });
  });

  it('complete exactly when every required entry has enough papers of the right form', () => {
    const entries = fc.uniqueArray(
      fc.record({
        id: fc.integer({ min: 1, max: 8 }),
        required: fc.boolean(),
        form: fc.constantFrom(null, ...DOCUMENT_FORMS),
        copies: fc.integer({ min: 1, max: 3 }),
      }),
      { selector: (e) => e.id, maxLength: 6 },
    );
    const docs = fc.array(
      fc.record({
        entryId: fc.option(fc.integer({ min: 1, max: 8 })),
        present: fc.boolean(),
        form: fc.constantFrom(null, ...DOCUMENT_FORMS),
        copies: fc.integer({ min: 0, max: 3 }),
        pages: fc.integer({ min: 0, max: 9 }),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(entries, docs, (es, ds) => {
        const full = es.map((e) => entry(e.id, e));
        const result = checkCompleteness(full, ds);
        const met = (e: ChecklistEntry) => {
          const counted = ds
            .filter((d) => d.present && d.entryId === e.id)
            .filter((d) => e.form !== 'original' || d.form === 'original')
            .reduce((n, d) => n + Math.max(1, d.copies), 0);
          return counted >= e.copies;
        };
        const unmet = full.filter((e) => e.required && !met(e)).map((e) => e.id);
        expect(result.missing.map((m) => m.entryId)).toEqual(unmet);
        expect(result.complete).toBe(unmet.length === 0);
        expect(result.satisfiedCount + result.missing.length).toBe(result.requiredCount);
      }),
    );
  });
});

describe('default checklist templates', () => {
  it('has transfer, move-in and title lists for both buyer kinds', () => {
    expect(DEFAULT_CHECKLIST_TEMPLATES.map((t) => t.code).sort()).toEqual([
      'company_buyer_move_in',
      'company_buyer_title',
      'company_buyer_transfer',
      'individual_buyer_move_in',
      'individual_buyer_title',
      'individual_buyer_transfer',
    ]);
    expect(templatesForKind('company_buyer').map((t) => t.code)).toEqual([
      'company_buyer_transfer',
      'company_buyer_move_in',
      'company_buyer_title',
    ]);
    expect(templatesForKind('engineering')).toEqual([]);
  });

  it('fits the schema: unique codes, known groups and forms, sizes within the columns', () => {
    for (const t of DEFAULT_CHECKLIST_TEMPLATES) {
      expect(t.code.length).toBeLessThanOrEqual(64);
      expect(t.name.length).toBeLessThanOrEqual(200);
      const codes = t.entries.map((e) => e.code);
      expect(new Set(codes).size).toBe(codes.length);
      for (const e of t.entries) {
        expect(e.code).toMatch(/^[a-z_]{1,64}$/);
        expect(e.title.length).toBeLessThanOrEqual(300);
        expect(FOLDER_GROUPS).toContain(e.folderGroup);
        expect([null, ...DOCUMENT_FORMS]).toContain(e.form);
        expect(e.copies).toBeGreaterThanOrEqual(1);
      }
    }
  });

  const byCode = (template: string, code: string) =>
    DEFAULT_CHECKLIST_TEMPLATES.find((t) => t.code === template)?.entries.find((e) => e.code === code);

  it('follows seed 000 第七条 for the individual buyer', () => {
    expect(byCode('individual_buyer_transfer', 'sales_contract_original')).toMatchObject({
      required: true,
      form: 'original',
    });
    expect(byCode('individual_buyer_transfer', 'buyer_id_copy')).toMatchObject({
      required: true,
      form: 'copy',
    });
    expect(byCode('individual_buyer_transfer', 'co_ownership_agreement')).toMatchObject({
      required: false,
      form: 'original',
    });
    expect(byCode('individual_buyer_transfer', 'temporary_residence_permit_copy')?.required).toBe(false);
  });

  it('follows seed 000 第七条 for the company buyer: three of each company paper', () => {
    for (const code of [
      'business_licence_copy',
      'organisation_code_copy',
      'tax_registration_copy',
      'agent_id_copy',
    ]) {
      expect(byCode('company_buyer_transfer', code)).toMatchObject({
        required: true,
        form: 'copy',
        copies: 3,
      });
    }
    expect(byCode('company_buyer_transfer', 'power_of_attorney')).toMatchObject({
      form: 'original',
      copies: 3,
    });
  });

  it('a dossier holding every required paper as listed is complete; one short copy is not', () => {
    for (const t of DEFAULT_CHECKLIST_TEMPLATES) {
      const entries = t.entries.map((e, i) => ({ id: i + 1, ...e }));
      const docs = entries
        .filter((e) => e.required)
        .map((e) => doc(e.id, { form: e.form ?? 'copy', copies: e.copies }));
      expect(checkCompleteness(entries, docs).complete).toBe(true);
      const short = docs.map((d, i) =>
        i === 0 ? { ...d, copies: d.copies - 1 || 0, present: d.copies > 1 } : d,
      );
      expect(checkCompleteness(entries, short).complete).toBe(false);
    }
  });
});
