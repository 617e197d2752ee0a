// The shapes the demo's dossier planners share (dossiers.ts plans the customer files and drives the
// planning; case-files.ts plans the other classes through the same builder).
import type { ConfidentialityLevel, DossierKind, FolderGroup, RetentionClass } from '../domain/vocabulary.js';
import type { DocumentRow } from './checklists.js';
import type { Random } from './random.js';

export interface DossierRow {
  id: number;
  archive_no: string;
  site_id: number;
  property_id: number | null;
  kind: DossierKind;
  title: string;
  year: number;
  confidentiality: ConfidentialityLevel;
  retention: RetentionClass;
  status: 'active' | 'closed';
  legal_hold: boolean;
  department_id: number;
  created_at: string;
}

/** A physical volume to be made an item: a folder (F…) or an archive box (B…). */
export interface VolumeSpec {
  kind: 'folder' | 'box';
  dossierId: number | null;
  group: FolderGroup | null;
  volume: number;
  title: string;
}

export interface DossierPlan {
  dossiers: DossierRow[];
  links: Array<{ id: number; dossier_id: number; linked_dossier_id: number; reason: string }>;
  documents: DocumentRow[];
  /** Volumes in filing order: by archive number, then group and volume; loose project boxes last. */
  volumes: VolumeSpec[];
  incompleteDossiers: number;
}

/** What the dossier planners share: the plan being built and the helpers that add to it. */
export interface DossierBuilder {
  plan: DossierPlan;
  rng: Random;
  createdAt: string;
  nowYear: number;
  addDossier(
    d: Omit<DossierRow, 'id' | 'site_id' | 'status' | 'legal_hold' | 'created_at'> &
      Partial<Pick<DossierRow, 'status' | 'legal_hold'>>,
  ): DossierRow;
  addVolume(v: VolumeSpec): void;
  folder(dossierId: number, group: FolderGroup | null, volume: number, title: string): void;
  /** Cross-references both ways. */
  link(a: number, b: number, reason: string): void;
  volumesOf(dossierId: number): VolumeSpec[];
}
