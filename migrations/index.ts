// The ordered list of migrations. Files are never edited after release: a change is a new file here.
import type { Knex } from 'knex';
import * as foundation from './20261125_001_foundation.js';
import * as labelPrints from './20261125_002_label_prints.js';
import * as alarms from './20261125_003_alarms.js';
import * as stationKeys from './20261125_004_station_keys.js';
import * as stationKeyExpiry from './20261126_001_station_key_expiry.js';
import * as siteManager from './20261126_005_site_manager.js';
import * as removedState from './20261201_001_removed_state.js';
import * as notificationOutbox from './20261201_002_notification_outbox.js';
import * as alarmActions from './20261201_003_alarm_actions.js';
import * as userContact from './20261201_004_user_contact.js';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
  /** `transaction: false` for a migration that manages its own transaction (e.g. a SQLite table rebuild). */
  config?: { transaction?: boolean };
}

const MIGRATIONS: Array<[string, Migration]> = [
  ['20261125_001_foundation', foundation],
  ['20261125_002_label_prints', labelPrints],
  ['20261125_003_alarms', alarms],
  ['20261125_004_station_keys', stationKeys],
  ['20261126_001_station_key_expiry', stationKeyExpiry],
  ['20261126_005_site_manager', siteManager],
  ['20261201_001_removed_state', removedState],
  ['20261201_002_notification_outbox', notificationOutbox],
  ['20261201_003_alarm_actions', alarmActions],
  ['20261201_004_user_contact', userContact],
];

/** A knex migration source over the static list, so migrations run the same from TypeScript and from dist/. */
export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
