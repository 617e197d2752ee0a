// GET /dashboard/summary, the live board's counts: counted record by record as the caller may read them,
// so a litigation folder counts for the general manager and not for a supervisor; staff may not ask.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { PASSWORD, buildSmallArchive } from '../helpers/small-archive.js';
import { client, startTestServer, type TestServer } from '../helpers/server.js';

interface Summary {
  counts: {
    inPlace: number;
    out: number;
    overdue: number;
    removed: number;
    inTransfer: number;
    missing: number;
  };
  at: string;
}
const total = (s: Summary) => Object.values(s.counts).reduce((x, y) => x + y, 0) - s.counts.overdue;

describe('the live board’s counts', () => {
  let t: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    await buildSmallArchive(t.db);
    server = await startTestServer(t.db);
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('counts only the records the caller may read, and refuses staff', async () => {
    const as = async (username: string) => {
      const c = client(server.url);
      await c.login(username, PASSWORD);
      return c;
    };
    const supervisor = (await (await as('supervisor')).get<Summary>('/dashboard/summary')).body;
    const gm = (await (await as('gm')).get<Summary>('/dashboard/summary')).body;
    expect(supervisor.counts.inPlace).toBeGreaterThan(0);
    expect(Date.parse(supervisor.at)).not.toBeNaN();
    // The litigation folder (and any above level B) is in the gm's figures only.
    expect(total(gm)).toBeGreaterThan(total(supervisor));
    const items = Number(((await t.db.knex('items').count({ n: '*' }).first()) as { n: number }).n);
    expect(total(gm)).toBeLessThanOrEqual(items);
    expect((await (await as('staff')).get('/dashboard/summary')).body).toMatchObject({ code: 'FORBIDDEN' });
  });
});
