import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCjkFont, isLabelError, resolveCjkFont } from '../../labels/index.js';
import { fontBytes } from '../../labels/fonts/resolve.js';
import { rasteriseGlyph } from '../../labels/raster/glyph.js';
import { parseTtf } from '../../labels/raster/ttf.js';

const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (isLabelError(e)) return e.code;
    throw e;
  }
};

describe('CJK font resolver', () => {
  it('finds the system WenQuanYi face on this machine', () => {
    const f = defaultCjkFont();
    expect(f.path).toBe('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc');
    expect(f.faceName).toBe('WenQuanYiMicroHei');
    expect(f.source).toBe('system');
  });

  it('takes the first candidate that exists', () => {
    const f = resolveCjkFont({
      candidates: [
        { path: '/nope/a.ttf' },
        { path: '/yes/b.ttc', faceName: 'B', faceIndex: 1 },
        { path: '/yes/c.ttf' },
      ],
      exists: (p) => p.startsWith('/yes/'),
    });
    expect(f).toMatchObject({ path: '/yes/b.ttc', faceName: 'B', faceIndex: 1, source: 'system' });
  });

  it('falls back to the npm font package, then fails with FONT_NOT_FOUND listing what it tried', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dangan-font-'));
    const fake = path.join(dir, 'NotoSansSC_400Regular.ttf');
    writeFileSync(fake, 'x');
    expect(resolveCjkFont({ candidates: [{ path: '/nope.ttc' }], npmFont: fake })).toMatchObject({
      path: fake,
      source: 'npm',
    });
    try {
      resolveCjkFont({
        candidates: [{ path: '/nope.ttc' }],
        npmFont: '@expo-google-fonts/not-installed/x.ttf',
      });
      expect.unreachable();
    } catch (e) {
      if (!isLabelError(e)) throw e;
      expect(e.code).toBe('FONT_NOT_FOUND');
      expect(e.details.tried).toEqual(['/nope.ttc', 'npm:@expo-google-fonts/not-installed/x.ttf']);
      expect(e.localized()).toContain('未找到中文字体');
    }
  });

  it('an explicit font path must exist', () => {
    expect(code(() => resolveCjkFont({ path: '/no/such/font.ttf' }))).toBe('FONT_NOT_FOUND');
  });
});

describe('TrueType rasteriser', () => {
  const ttf = parseTtf(fontBytes(defaultCjkFont().path), 0);

  it('maps Chinese characters to glyphs and renders composite glyphs with ink', () => {
    // 档 and 密 are composite glyphs in WenQuanYi (bwip-js's own rasteriser crashes on them).
    for (const ch of '档密华苑A1') {
      const g = ttf.glyphIndex(ch.codePointAt(0)!);
      expect(g, ch).toBeGreaterThan(0);
      const bmp = rasteriseGlyph(ttf, g, 48);
      const ink = bmp.alpha.reduce((n, a) => n + (a > 128 ? 1 : 0), 0);
      expect(ink, ch).toBeGreaterThan(48 * 48 * 0.05);
      expect(bmp.height).toBeLessThanOrEqual(50);
    }
    expect(ttf.advance(ttf.glyphIndex('档'.codePointAt(0)!))).toBe(ttf.unitsPerEm);
  });

  it('refuses CFF-outline fonts with FONT_UNSUPPORTED', () => {
    // A one-table sfnt with only 'CFF ': what an OpenType/CFF font looks like to the reader.
    const b = Buffer.alloc(28);
    b.writeUInt32BE(0x4f54544f, 0);
    b.writeUInt16BE(1, 4);
    b.write('CFF ', 12, 'latin1');
    expect(code(() => parseTtf(b))).toBe('FONT_UNSUPPORTED');
  });
});
