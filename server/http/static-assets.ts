// The screens' files (kiosk/dist): in front of express.static, sends the build's precompressed copy
// (file.br or file.gz, written by kiosk/precompress.ts) the request accepts, brotli first, and sets the
// caching: content-hashed files under assets/ never change (immutable for a year), HTML is revalidated on
// every load so a new build is picked up at once. Paths outside the folder are refused before any lookup.
import { createReadStream, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;
type Encoding = (typeof ENCODINGS)[number]['name'];

/** Vite's output names: assets/<name>-<hash>.<ext>. */
const HASHED = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=3600';

/** The q-value the Accept-Encoding header gives each coding (`*` for any other); absent header: none. */
function acceptedEncodings(header: string | undefined): Map<string, number> {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [token = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!token) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    accepted.set(token, Number.isFinite(value) ? value : 0);
  }
  return accepted;
}

/** br or gzip, whichever the client weighs higher (brotli on a tie); null when it accepts neither. */
export function chooseEncoding(header: string | undefined, available: readonly Encoding[]): Encoding | null {
  const accepted = acceptedEncodings(header);
  let best: Encoding | null = null;
  let bestQ = 0;
  for (const { name } of ENCODINGS) {
    if (!available.includes(name)) continue;
    const q =
      accepted.get(name) ?? (name === 'gzip' ? accepted.get('x-gzip') : undefined) ?? accepted.get('*') ?? 0;
    if (q > bestQ) [best, bestQ] = [name, q];
  }
  return best;
}

const fileStat = (p: string): Stats | undefined => {
  const s = statSync(p, { throwIfNoEntry: false });
  return s?.isFile() ? s : undefined;
};

export function staticAssets(root: string): RequestHandler {
  const base = path.resolve(root);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let rel: string;
    try {
      rel = decodeURIComponent(req.path);
    } catch {
      return res.status(400).end();
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(base, `.${path.posix.sep}${rel}`);
    // Encoded dots and slashes (%2e%2e%2f), backslashes and NUL bytes must not leave the folder.
    if (rel.includes('\0') || (file !== base && !file.startsWith(base + path.sep)))
      return res.status(404).end();
    const original = fileStat(file);
    if (!original) return next();

    const name = path.relative(base, file).split(path.sep).join('/');
    if (HASHED.test(name)) res.setHeader('Cache-Control', IMMUTABLE);
    else if (name.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
    else res.setHeader('Cache-Control', SHORT);

    // Only copies at least as new as the file itself: a stale one from an older build is ignored.
    const copies = ENCODINGS.map((e) => ({ ...e, stat: fileStat(file + e.suffix) })).filter(
      (e) => e.stat && e.stat.mtimeMs >= original.mtimeMs,
    );
    if (copies.length === 0) return next();
    res.vary('Accept-Encoding');
    const chosen = chooseEncoding(
      req.headers['accept-encoding'],
      copies.map((c) => c.name),
    );
    const copy = copies.find((c) => c.name === chosen);
    if (!copy?.stat) return next();

    res.type(path.extname(file));
    res.setHeader('Content-Encoding', copy.name);
    res.setHeader('Content-Length', copy.stat.size);
    res.setHeader(
      'ETag',
      `W/"${copy.name}-${copy.stat.size.toString(16)}-${Math.floor(copy.stat.mtimeMs).toString(16)}"`,
    );
    res.setHeader('Last-Modified', original.mtime.toUTCString());
    if (req.fresh) return res.status(304).end();
    if (req.method === 'HEAD') return res.end();
    const stream = createReadStream(file + copy.suffix);
    stream.on('error', (e) => (res.headersSent ? res.destroy(e) : next(e)));
    stream.pipe(res);
  };
}
