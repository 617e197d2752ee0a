// The dashboard's first route (/dashboard/: the HTML and the JS and CSS it loads on first paint) through a
// real server, measured as static-assets.test.ts measures the kiosk's: gzip bytes on the wire within the
// budget the README states, and the reports page's chart library (uPlot) in none of it: it travels in the
// reports chunk only, fetched when that page is opened (or prefetched once the board is idle).
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const DIST = path.resolve('kiosk/dist');
/** A string in uPlot's own code (its class names), minified or not. */
const UPLOT = 'u-legend';

describe('the dashboard’s first route', () => {
  let t: TestDatabase;
  let server: TestServer;

  function gzipGet(urlPath: string): Promise<{ status: number; encoding?: string; body: Buffer }> {
    const { hostname, port } = new URL(server.url);
    return new Promise((resolve, reject) => {
      const req = http.request(
        { hostname, port, path: urlPath, headers: { 'accept-encoding': 'gzip' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              encoding: res.headers['content-encoding'],
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }
  const text = (r: { encoding?: string; body: Buffer }) =>
    (r.encoding === 'gzip' ? gunzipSync(r.body) : r.body).toString('utf8');

  beforeAll(async () => {
    await buildOnce();
    t = await createTestDatabase('sqlite');
    server = await startTestServer(t.db);
  }, 240_000);
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('stays within the gzip size the README states, without the chart library', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const stated = /dashboard’s first route[^*]*\*\*(\d+(?:\.\d+)?) KB gzip\*\*/.exec(readme);
    expect(stated, 'README states the dashboard’s first route in KB gzip').not.toBeNull();
    const budget = Math.round(Number(stated![1]) * 1000);

    const html = await gzipGet('/dashboard/');
    expect(html.status).toBe(200);
    const urls = [...text(html).matchAll(/<(?:script|link)\b[^>]*?\s(?:src|href)="(\/[^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(urls.some((u) => /\/assets\/dashboard-.*\.js$/.test(u))).toBe(true);
    let gzip = html.body.length;
    for (const url of urls) {
      const res = await gzipGet(url);
      expect(res.status, url).toBe(200);
      expect(text(res), url).not.toContain(UPLOT);
      gzip += res.body.length;
    }
    expect(gzip).toBeLessThanOrEqual(budget);

    // uPlot is there, in a chunk of its own that the first route does not load.
    const withChart = readdirSync(path.join(DIST, 'assets')).filter(
      (n) => /\.js$/.test(n) && readFileSync(path.join(DIST, 'assets', n), 'utf8').includes(UPLOT),
    );
    expect(withChart).toHaveLength(1);
    expect(urls.some((u) => u.endsWith(withChart[0]!))).toBe(false);
  });
});
