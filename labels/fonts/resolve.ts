// Finds a CJK font for PDF and PNG output: an explicit path first, then known system locations
// (Debian/Fedora/Windows), then the optional npm package @expo-google-fonts/noto-sans-sc so that a
// machine without fonts still prints Chinese. Fails with FONT_NOT_FOUND naming what was tried.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LabelError } from '../errors.js';

export interface FontCandidate {
  path: string;
  /** PostScript name of the face inside a .ttc collection (pdfkit needs it). */
  faceName?: string;
  /** Index of that face in the collection (the PNG rasteriser needs it). */
  faceIndex?: number;
}

export interface ResolvedFont extends FontCandidate {
  faceIndex: number;
  source: 'explicit' | 'system' | 'npm';
}

export const SYSTEM_CJK_FONTS: readonly FontCandidate[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', faceName: 'WenQuanYiMicroHei', faceIndex: 0 },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', faceName: 'WenQuanYiZenHei', faceIndex: 0 },
  {
    path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    faceName: 'NotoSansCJKsc-Regular',
    faceIndex: 2,
  },
  {
    path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
    faceName: 'NotoSansCJKsc-Regular',
    faceIndex: 2,
  },
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', faceName: 'MicrosoftYaHei', faceIndex: 0 },
  { path: 'C:\\Windows\\Fonts\\simhei.ttf' },
];

/** Plain TTF (OFL), about 10 MB; install it with npm where no system CJK font exists. */
export const NPM_CJK_FONT = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

export interface ResolveOptions {
  /** A font file chosen by configuration; when set it must exist. */
  path?: string;
  faceName?: string;
  faceIndex?: number;
  /** Replaces SYSTEM_CJK_FONTS (tests, unusual systems). */
  candidates?: readonly FontCandidate[];
  /** Module specifier of the npm fallback; `false` disables it. */
  npmFont?: string | false;
  exists?: (path: string) => boolean;
}

function resolveNpm(spec: string): string | undefined {
  try {
    return createRequire(import.meta.url).resolve(spec);
  } catch {
    return undefined;
  }
}

export function resolveCjkFont(opts: ResolveOptions = {}): ResolvedFont {
  const exists = opts.exists ?? existsSync;
  if (opts.path !== undefined) {
    if (!exists(opts.path)) {
      throw new LabelError('FONT_NOT_FOUND', opts.path, { tried: [opts.path] });
    }
    return { path: opts.path, faceName: opts.faceName, faceIndex: opts.faceIndex ?? 0, source: 'explicit' };
  }
  const candidates = opts.candidates ?? SYSTEM_CJK_FONTS;
  for (const c of candidates) {
    if (exists(c.path)) return { ...c, faceIndex: c.faceIndex ?? 0, source: 'system' };
  }
  const npm = opts.npmFont === undefined ? NPM_CJK_FONT : opts.npmFont;
  const npmPath = npm ? resolveNpm(npm) : undefined;
  if (npmPath && exists(npmPath)) return { path: npmPath, faceIndex: 0, source: 'npm' };
  const tried = [...candidates.map((c) => c.path), ...(npm ? [`npm:${npm}`] : [])];
  throw new LabelError(
    'FONT_NOT_FOUND',
    `install fonts-wqy-microhei (apt) or ${npm || 'a CJK font'} (npm); tried ${tried.join(', ')}`,
    { tried },
  );
}

let defaultFont: ResolvedFont | undefined;
const bytes = new Map<string, Buffer>();

/** The default font, resolved once per process (the filesystem does not change under a print run). */
export function defaultCjkFont(): ResolvedFont {
  defaultFont ??= resolveCjkFont();
  return defaultFont;
}

/** Font file contents, read once and shared by every document (pdfkit accepts a Buffer). */
export function fontBytes(path: string): Buffer {
  let b = bytes.get(path);
  if (!b) {
    b = readFileSync(path);
    bytes.set(path, b);
  }
  return b;
}
