// The demo archive generator: fills an empty, migrated database with a deterministic archive of a property
// company (same seed, same clock -> same archive numbers, barcodes, names and custody chain). Everything is
// planned in memory with explicit ids, then written in one transaction with large multi-row INSERTs, so
// 50,000 households take well under a few minutes on SQLite.
import { DEFAULT_PROPERTY_RULE } from '../domain/archive-number.js';
import type { CustodyEntry } from '../domain/ledger.js';
import { DOSSIER_KINDS, type DossierKind, type ItemKind } from '../domain/vocabulary.js';
import type { Clock } from '../providers.js';
import { hashSecret } from '../services/passwords.js';
import { appendCustody } from '../store/custody-log.js';
import { runWriteTransaction } from '../store/write-lock.js';
import type { Database } from '../store/db.js';
import type { FieldCipher } from '../store/secrets.js';
import { DEMO_TEMPLATES, planChecklists } from './checklists.js';
import { planDossiers } from './dossiers.js';
import { planHistory, registrationStart } from './history.js';
import { planItems, planKeys } from './items.js';
import { planOwners } from './owners.js';
import { DEMO_AREA_ESTATE, DEMO_LOGINS, DEMO_PASSWORD, DEMO_PIN, DEPARTMENTS, planPeople } from './people.js';
import { cabinetCountFor, planLayout, planLocations, SHOP_BUILDING, SITE } from './places.js';
import { planProfiles } from './profiles.js';
import { createRandom } from './random.js';
import { assertEmpty, insertRows, repairSequences } from './rows.js';

export { DEMO_LOGINS, DEMO_PASSWORD, DEMO_PIN, type DemoLogin } from './people.js';

export interface GenerateDemoOptions {
  /** Homes, each with one customer file; every other count scales with it (600 = the default demo). */
  households: number;
  seed: number;
  clock: Clock;
  cipher: FieldCipher;
  onProgress?: (message: string) => void;
  /** GS1 company prefix for the folders' EPCs; the GS1 demo prefix by default, null for no EPCs. */
  epcCompanyPrefix?: string | null;
}

export interface DemoSummary {
  seed: number;
  households: number;
  estates: number;
  buildings: number;
  properties: number;
  parties: number;
  dossiers: number;
  dossiersByKind: Record<DossierKind, number>;
  dossierLinks: number;
  /** Customer files lacking one or two required documents. */
  incompleteDossiers: number;
  documents: number;
  items: Record<ItemKind, number> & { total: number };
  locations: number;
  shelves: number;
  users: number;
  out: number;
  overdue: number;
  missing: number;
  custodyRows: number;
  inspections: number;
  elapsedMs: number;
}

export const DEFAULT_DEMO_HOUSEHOLDS = 600;
const CUSTODY_BATCH = 50_000;

export async function generateDemo(db: Database, options: GenerateDemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const households = options.households;
  if (!Number.isInteger(households) || households < 1 || households > 1_000_000) {
    throw new RangeError(`households must be an integer from 1 to 1000000, not ${households}`);
  }
  const seed = options.seed >>> 0;
  const rng = (stream: string) => createRandom(seed, stream);
  const now = options.clock.now();
  const nowYear = now.getUTCFullYear();
  const createdAt = registrationStart(now).toISOString();

  // Refuse early (before the slow parts); checked again inside the transaction.
  await db.knex.transaction((trx) => assertEmpty(trx));
  progress('hashing the demo password and PIN');
  const [passwordHash, pinHash] = await Promise.all([hashSecret(DEMO_PASSWORD), hashSecret(DEMO_PIN)]);

  progress(`planning ${households} households`);
  const layout = planLayout(households, rng('places'));
  const areaEstate =
    layout.estates.find((e) => e.code === DEMO_AREA_ESTATE) ?? (layout.estates[0] as { id: number });
  const people = planPeople({ password: passwordHash, pin: pinHash }, areaEstate.id, createdAt);
  const owners = planOwners(layout.homes, layout.shops, {
    rng: rng('owners'),
    cipher: options.cipher,
    createdAt,
    nowYear,
    tenants: Math.ceil(households / 100),
  });
  const checklists = planChecklists(DEMO_TEMPLATES);
  const dossiers = planDossiers(layout, owners, checklists, {
    rng: rng('dossiers'),
    households,
    createdAt,
    nowYear,
  });
  const shelfItems = dossiers.volumes.length;
  const estateName = (id: number) => layout.estates[id - 1]?.name ?? '';
  const floorUnits = layout.units.flatMap((u) => {
    const b = layout.buildings[u.building_id - 1];
    return b && b.code !== SHOP_BUILDING
      ? [{ ...u, label: `${estateName(b.estate_id)}${b.code}栋${u.name}` }]
      : [];
  });
  const cabinets = cabinetCountFor(shelfItems);
  const locations = planLocations(shelfItems, cabinets + floorUnits.length);
  const keys = planKeys(locations.cabinets, floorUnits);
  const { items, floorKeys } = planItems(dossiers.volumes, keys, locations, {
    createdAt,
    epcCompanyPrefix: options.epcCompanyPrefix,
  });
  const limited = new Set(people.userEstates.map((u) => u.user_id));
  const estateOfProperty = (id: number) => layout.properties[id - 1]?.estateId ?? 0;
  const profiles = planProfiles(
    items,
    dossiers.dossiers,
    estateOfProperty,
    people,
    areaEstate.id,
    limited,
    new Set(floorKeys),
  );
  const history = planHistory({
    items,
    profiles,
    floorKeys,
    adminId: people.adminId,
    archivistIds: people.archivistIds,
    now,
    households,
    rng: rng('history'),
  });

  progress(`writing ${items.length} items and ${history.entries.length} custody rows`);
  await runWriteTransaction(db, async (trx) => {
    await assertEmpty(trx);
    await insertRows(trx, 'sites', [
      { ...SITE, archive_no_rule: DEFAULT_PROPERTY_RULE, created_at: createdAt },
    ]);
    await insertRows(trx, 'estates', layout.estates);
    await insertRows(trx, 'buildings', layout.buildings);
    await insertRows(trx, 'units', layout.units);
    await insertRows(
      trx,
      'properties',
      layout.properties.map((p) => p.row),
    );
    await insertRows(
      trx,
      'departments',
      DEPARTMENTS.map((d) => ({ ...d })),
    );
    await insertRows(trx, 'users', people.users);
    await insertRows(trx, 'user_estates', people.userEstates);
    await insertRows(trx, 'badges', people.badges);
    progress('writing parties and dossiers');
    await insertRows(trx, 'parties', owners.parties);
    await insertRows(trx, 'property_parties', owners.propertyParties);
    await insertRows(trx, 'dossiers', dossiers.dossiers);
    await insertRows(trx, 'dossier_links', dossiers.links);
    await insertRows(trx, 'checklist_templates', checklists.templates);
    await insertRows(trx, 'checklist_entries', checklists.entries);
    await insertRows(
      trx,
      'dossier_documents',
      dossiers.documents.map((d, i) => ({ id: i + 1, ...d })),
    );
    progress('writing locations and items');
    await insertRows(trx, 'locations', locations.rows);
    await insertRows(trx, 'items', items);
    progress('writing the custody log');
    const chained: CustodyEntry[] = [];
    for (let i = 0; i < history.entries.length; i += CUSTODY_BATCH) {
      chained.push(...(await appendCustody(trx, history.entries.slice(i, i + CUSTODY_BATCH))));
    }
    await insertRows(
      trx,
      'inspections',
      history.inspections.map((x, i) => ({
        id: i + 1,
        item_id: x.itemId,
        custody_seq: (chained[x.entry] as CustodyEntry).seq,
        result: x.result,
        note: x.note,
        inspector_user_id: x.inspector,
        at: (chained[x.entry] as CustodyEntry).at,
      })),
    );
    await repairSequences(trx, db.dialect);
  });

  const dossiersByKind = Object.fromEntries(DOSSIER_KINDS.map((k) => [k, 0])) as Record<DossierKind, number>;
  for (const d of dossiers.dossiers) dossiersByKind[d.kind] += 1;
  const byKind = { folder: 0, box: 0, key: 0 } as Record<ItemKind, number>;
  for (const it of items) byKind[it.kind] += 1;
  const summary: DemoSummary = {
    seed,
    households,
    estates: layout.estates.length,
    buildings: layout.buildings.length,
    properties: layout.properties.length,
    parties: owners.parties.length,
    dossiers: dossiers.dossiers.length,
    dossiersByKind,
    dossierLinks: dossiers.links.length,
    incompleteDossiers: dossiers.incompleteDossiers,
    documents: dossiers.documents.length,
    items: { ...byKind, total: items.length },
    locations: locations.rows.length,
    shelves: locations.shelves.length,
    users: DEMO_LOGINS.length,
    out: history.out,
    overdue: history.overdue,
    missing: history.missing,
    custodyRows: history.entries.length,
    inspections: history.inspections.length,
    elapsedMs: Math.round(performance.now() - started),
  };
  progress(`demo archive ready in ${summary.elapsedMs} ms`);
  return summary;
}
