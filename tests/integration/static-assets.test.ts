// The built screens through a real server: the precompressed brotli or gzip copy the request accepts (q=0
// honoured, identity otherwise), bytes that decompress to the file itself, a year's immutable caching for
// content-hashed assets and revalidation for HTML, no way out of kiosk/dist by encoded dots and slashes, and
// the kiosk's first route within the gzip size the README states.
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../helpers/build.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const DIST = path.resolve('kiosk/dist');

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

describe('static screens: precompressed, cached, confined to kiosk/dist', () => {
  let t: TestDatabase;
  let server: TestServer;
  /** The kiosk's entry script, its largest compressible asset. */
  let entry = '';

  // node:http rather than fetch: the path goes out exactly as written, and the body is not decompressed.
  function raw(urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
    const { hostname, port } = new URL(server.url);
    return new Promise((resolve, reject) => {
      const req = http.request({ hostname, port, path: urlPath, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }
  const file = (urlPath: string) => readFileSync(path.join(DIST, urlPath));

  beforeAll(async () => {
    await buildOnce();
    t = await createTestDatabase('sqlite');
    server = await startTestServer(t.db);
    const html = file('kiosk/index.html').toString();
    entry = /<script[^>]*\ssrc="([^"]+)"/.exec(html)![1]!;
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('writes .br and .gz beside compressible files at build time, not beside tiny ones', () => {
    const assets = readdirSync(path.join(DIST, 'assets'));
    expect(assets).toContain(`${path.basename(entry)}.br`);
    expect(assets).toContain(`${path.basename(entry)}.gz`);
    for (const name of assets.filter((n) => /\.(js|css)$/.test(n))) {
      const small = file(`assets/${name}`).length < 1024;
      expect(assets.includes(`${name}.gz`), name).toBe(!small);
    }
  });

  it('sends brotli when accepted, and the bytes decompress to the file itself', async () => {
    const res = await raw(entry, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(file(entry).length / 2);
    expect(brotliDecompressSync(res.body).equals(file(entry))).toBe(true);
  });

  it('sends gzip when only gzip is accepted, or brotli is refused with q=0', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip', 'gzip;q=1.0, br;q=0', '*, br;q=0']) {
      const res = await raw(entry, { 'accept-encoding': accept });
      expect(res.headers['content-encoding'], accept).toBe('gzip');
      expect(gunzipSync(res.body).equals(file(entry)), accept).toBe(true);
    }
    const css = /<link rel="stylesheet"[^>]*href="([^"]+)"/.exec(file('kiosk/index.html').toString())![1]!;
    const res = await raw(css, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(gunzipSync(res.body).equals(file(css))).toBe(true);
  });

  it('prefers the coding the client weighs higher', async () => {
    const res = await raw(entry, { 'accept-encoding': 'br;q=0.5, gzip;q=0.8' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect((await raw(entry, { 'accept-encoding': '*' })).headers['content-encoding']).toBe('br');
  });

  it('sends the file as is when neither coding is accepted', async () => {
    const cases: Record<string, string>[] = [
      {},
      { 'accept-encoding': 'identity' },
      { 'accept-encoding': 'br;q=0, gzip;q=0' },
    ];
    for (const headers of cases) {
      const res = await raw(entry, headers);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined();
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
      expect(res.body.equals(file(entry))).toBe(true);
    }
  });

  it('caches content-hashed assets for a year as immutable, and has HTML revalidated', async () => {
    const immutable = 'public, max-age=31536000, immutable';
    for (const accept of ['br', 'gzip', 'identity'])
      expect((await raw(entry, { 'accept-encoding': accept })).headers['cache-control'], accept).toBe(
        immutable,
      );
    for (const page of [
      '/kiosk/',
      '/kiosk/index.html',
      '/dashboard/',
      '/dashboard/index.html',
      '/',
      '/index.html',
    ]) {
      const res = await raw(page, { 'accept-encoding': 'br, gzip' });
      expect(res.status, page).toBe(200);
      expect(res.headers['content-type'], page).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], page).toBe('no-cache');
    }
  });

  it("serves the live board's own entry script at /dashboard/, precompressed and immutable", async () => {
    const html = (await raw('/dashboard/')).body.toString();
    const script = /<script[^>]*\ssrc="([^"]+)"/.exec(html)![1]!;
    expect(script).toMatch(/^\/assets\/dashboard-/);
    const res = await raw(script, { 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('answers HEAD with the headers of the copy and no body', async () => {
    const get = await raw(entry, { 'accept-encoding': 'br' });
    const head = await raw(entry, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(String(get.body.length));
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
  });

  it('answers a repeat request with the same ETag with 304', async () => {
    const first = await raw(entry, { 'accept-encoding': 'gzip' });
    const etag = first.headers['etag']!;
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
    const again = await raw(entry, { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // The brotli copy is another representation: the gzip tag does not validate it.
    expect((await raw(entry, { 'accept-encoding': 'br', 'if-none-match': etag })).status).toBe(200);
  });

  it('serves nothing outside kiosk/dist, however the dots and slashes are encoded', async () => {
    const secret = readFileSync('package.json');
    for (const attempt of [
      '/kiosk/..%2f..%2fpackage.json',
      '/kiosk/..%2F..%2F..%2Fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '/kiosk/..%252f..%252fpackage.json',
      '/assets/..%2f..%2f..%2fpackage.json%00.js',
      '/../../package.json',
    ]) {
      for (const accept of ['br, gzip', 'identity']) {
        const res = await raw(attempt, { 'accept-encoding': accept });
        expect(res.status, attempt).toBeGreaterThanOrEqual(400);
        expect(res.body.includes(secret.subarray(0, 40)), attempt).toBe(false);
        expect(res.body.toString()).not.toContain('"name": "dangan"');
      }
    }
  });

  it("keeps the kiosk's first route within the gzip size the README states", async () => {
    const readme = readFileSync('README.md', 'utf8');
    const stated = /first route[^*]*\*\*(\d+(?:\.\d+)?) KB gzip\*\*/.exec(readme);
    expect(stated, 'README states the first route in KB gzip').not.toBeNull();
    const budget = Math.round(Number(stated![1]) * 1000);

    const html = await raw('/kiosk/', { 'accept-encoding': 'gzip' });
    const urls = [
      ...html.body.toString().matchAll(/<(?:script|link)\b[^>]*?\s(?:src|href)="(\/[^"]+)"/g),
    ].map((m) => m[1]!);
    expect(urls.some((u) => u.endsWith('.js'))).toBe(true);
    expect(urls.some((u) => u.endsWith('.css'))).toBe(true);
    let gzip = html.body.length;
    for (const url of urls) {
      const res = await raw(url, { 'accept-encoding': 'gzip' });
      expect(res.status, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe(file(url).length >= 1024 ? 'gzip' : undefined);
      gzip += res.body.length;
    }
    expect(gzip).toBeLessThanOrEqual(budget);
  });
});
