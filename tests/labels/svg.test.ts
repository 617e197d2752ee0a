// SVG and the browser print page, rasterised by headless Chromium: barcodes decode, Chinese survives,
// and @page gives one printed page per label.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutLabel, renderHtmlPage, renderSvg } from '../../labels/index.js';
import { launchChromium, newShotPage, PX_PER_MM, screenshotSvg } from './helpers/chromium.js';
import { decodeLayout, FORMAT, pngToGrey } from './helpers/decode.js';
import { CHINESE, FOLDER, SAMPLES } from './helpers/samples.js';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  page = await newShotPage(browser);
});
afterAll(async () => {
  await browser?.close();
});

describe('SVG renderer', () => {
  it('is sized in mm and carries the Chinese text, XML-escaped', () => {
    const svg = renderSvg(layoutLabel(FOLDER));
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="60mm" height="40mm" viewBox="0 0 60 40"/,
    );
    for (const s of CHINESE.folder!) expect(svg).toContain(s);
    const tricky = renderSvg(
      layoutLabel({
        template: 'cabinet',
        data: { kind: 'cabinet', id: 'C1', name: '<柜> & "A"', room: '档案室' },
      }),
    );
    expect(tricky).toContain('&#60;柜&#62; &#38; &#34;A&#34;');
    expect(tricky).not.toContain('<柜>');
  });

  it.each(SAMPLES)(
    '$name: Chromium renders it and every barcode decodes to the id',
    async ({ name, input }) => {
      const layout = layoutLabel(input);
      const svg = renderSvg(layout);
      for (const s of CHINESE[name]!) expect(svg).toContain(s);
      const img = pngToGrey(await screenshotSvg(page, svg, layout.widthMm, layout.heightMm));
      expect(img.width).toBeCloseTo(layout.widthMm * PX_PER_MM, -1);
      const found = decodeLayout(img, layout, PX_PER_MM);
      expect(found.length).toBeGreaterThanOrEqual(1);
      for (const f of found) {
        expect(f.text).toBe(layout.id);
        expect(f.format).toBe(FORMAT[f.item.symbology]);
      }
    },
  );

  it('DataMatrix variant decodes from the Chromium screenshot', async () => {
    const layout = layoutLabel(FOLDER, { code2d: 'datamatrix', size: '100x50' });
    const shot = await screenshotSvg(page, renderSvg(layout), layout.widthMm, layout.heightMm);
    const found = decodeLayout(pngToGrey(shot), layout, PX_PER_MM);
    expect(found.map((f) => [f.item.symbology, f.text]).sort()).toEqual([
      ['code128', 'F000001234'],
      ['datamatrix', 'F000001234'],
    ]);
  });
});

describe('browser print page', () => {
  const layouts = SAMPLES.filter((s) => s.input.template === 'folder').map((s) => layoutLabel(s.input));

  it('sizes @page to the label and holds one SVG per label', () => {
    const html = renderHtmlPage(layouts);
    expect(html).toContain('@page { size: 60mm 40mm; margin: 0 }');
    expect(html.match(/<div class="label"><svg /g)).toHaveLength(layouts.length);
    expect(() => renderHtmlPage([layouts[0]!, layoutLabel(FOLDER, { size: '100x50' })])).toThrow(/same size/);
  });

  it('Chromium prints it as one 60×40 mm page per label', async () => {
    {
      await page.setContent(renderHtmlPage(layouts));
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'dangan-html-')), 'page.pdf');
      writeFileSync(file, pdf);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(new RegExp(`Pages:\\s+${layouts.length}\\n`));
      const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
      expect(Number(w)).toBeCloseTo((60 * 72) / 25.4, 0);
      expect(Number(h)).toBeCloseTo((40 * 72) / 25.4, 0);
      expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('华苑');
    }
  });
});
