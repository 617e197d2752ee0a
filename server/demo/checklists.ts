// Checklist templates (seeded from the default templates in domain/completeness.ts) and each demo dossier's
// documents: most files are complete, about one in ten lacks one or two required papers, which the archive
// then chases. Whether a file is complete is decided by the same checkCompleteness the server uses.
import {
  checkCompleteness,
  DEFAULT_CHECKLIST_TEMPLATES,
  type ChecklistEntry,
  type ChecklistTemplate,
} from '../domain/completeness.js';
import type { DocumentForm, DossierKind, FolderGroup } from '../domain/vocabulary.js';
import type { Random } from './random.js';

export const DEMO_TEMPLATES: readonly ChecklistTemplate[] = DEFAULT_CHECKLIST_TEMPLATES;

export interface ChecklistRows {
  templates: Array<{ id: number; code: string; name: string; dossier_kind: DossierKind }>;
  entries: Array<{
    id: number;
    template_id: number;
    position: number;
    code: string;
    title: string;
    folder_group: FolderGroup | null;
    required: boolean;
    form: DocumentForm | null;
    copies: number;
  }>;
  /** Every entry of every template for the kind, with its row id. */
  byKind: Map<DossierKind, ChecklistEntry[]>;
}

export function planChecklists(templates: readonly ChecklistTemplate[]): ChecklistRows {
  const rows: ChecklistRows = { templates: [], entries: [], byKind: new Map() };
  templates.forEach((t, ti) => {
    const templateId = ti + 1;
    rows.templates.push({ id: templateId, code: t.code, name: t.name, dossier_kind: t.dossierKind });
    const list = rows.byKind.get(t.dossierKind) ?? [];
    t.entries.forEach((e, position) => {
      const id = rows.entries.length + 1;
      rows.entries.push({
        id,
        template_id: templateId,
        position: position + 1,
        code: e.code,
        title: e.title,
        folder_group: e.folderGroup,
        required: e.required,
        form: e.form,
        copies: e.copies,
      });
      list.push({ id, ...e });
    });
    rows.byKind.set(t.dossierKind, list);
  });
  return rows;
}

export interface DocumentRow {
  dossier_id: number;
  entry_id: number;
  title: string;
  present: boolean;
  form: DocumentForm | null;
  copies: number;
  pages: number;
  note: string | null;
  updated_at: string;
}

/**
 * The documents of one dossier: every required entry (present unless chosen missing) and the optional
 * entries the file happens to hold. Returns whether the dossier is complete.
 */
export function planDocuments(
  out: DocumentRow[],
  dossierId: number,
  entries: readonly ChecklistEntry[],
  rng: Random,
  at: string,
): boolean {
  const required = entries.filter((e) => e.required);
  const lacking = new Set<number>();
  if (required.length > 0 && rng.chance(0.1)) {
    const count = Math.min(required.length, rng.chance(0.7) ? 1 : 2);
    for (const i of rng.sampleIndexes(required.length, count))
      lacking.add((required[i] as ChecklistEntry).id);
  }
  const rows: DocumentRow[] = [];
  for (const e of entries) {
    if (!e.required && !rng.chance(0.1)) continue;
    const present = !lacking.has(e.id);
    const copies = Math.max(1, e.copies);
    rows.push({
      dossier_id: dossierId,
      entry_id: e.id,
      title: e.title,
      present,
      form: present ? (e.form ?? 'original') : null,
      copies: present ? copies : 0,
      pages: present ? rng.int(1, 4) * copies : 0,
      note: present ? null : '遗缺，待向业主补收',
      updated_at: at,
    });
  }
  out.push(...rows);
  const docs = rows.map((r) => ({
    entryId: r.entry_id,
    present: r.present,
    form: r.form,
    copies: r.copies,
    pages: r.pages,
  }));
  return checkCompleteness(entries, docs).complete;
}
