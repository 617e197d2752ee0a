// Renders every template through the three raster routes so a person can look at them:
// pure-JS PNG, PDF rasterised by pdftoppm, SVG screenshotted by Chromium. Prints JSON with the paths.
// Run: npx tsx bench/labels-preview.ts [outDir]   (default /tmp/dangan-labels)
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  layoutLabel,
  renderPdfLabels,
  renderPng,
  renderSvg,
  renderTsplText,
  renderZpl,
  type LabelInput,
  type LayoutOptions,
} from '../labels/index.js';
import { FOLDER, SAMPLES } from '../tests/labels/helpers/samples.js';

const out = process.argv[2] ?? '/tmp/dangan-labels';
mkdirSync(out, { recursive: true });

// The test suite's sample labels, each at its template's default size, plus two other sizes.
const samples: [string, LabelInput, LayoutOptions][] = [
  ...SAMPLES.map((s): [string, LabelInput, LayoutOptions] => [s.name, s.input, {}]),
  ['folder-datamatrix-100x50', FOLDER, { size: '100x50', code2d: 'datamatrix' }],
  ['spine-100x25', SAMPLES.find((s) => s.name === 'spine')!.input, { size: '100x25' }],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage({ deviceScaleFactor: 4, viewport: { width: 800, height: 600 } });
const files: Record<string, string[]> = {};
for (const [name, input, opts] of samples) {
  const l = layoutLabel(input, opts);
  const base = path.join(out, name);
  writeFileSync(`${base}.png`, renderPng(l, { dpi: 300 }).png);
  writeFileSync(`${base}.pdf`, await renderPdfLabels([l]));
  execFileSync('pdftoppm', ['-r', '300', '-png', '-singlefile', `${base}.pdf`, `${base}-pdf`]);
  writeFileSync(`${base}.svg`, renderSvg(l));
  await page.setContent(`<!doctype html><html><body style="margin:0">${renderSvg(l)}</body></html>`);
  await page.screenshot({
    path: `${base}-svg.png`,
    clip: { x: 0, y: 0, width: (l.widthMm * 96) / 25.4, height: (l.heightMm * 96) / 25.4 },
  });
  writeFileSync(`${base}.zpl`, renderZpl([l], { rfid: true }));
  writeFileSync(`${base}.tspl.txt`, renderTsplText([l]));
  files[name] = [`${base}.png`, `${base}-pdf.png`, `${base}-svg.png`];
}
await browser.close();
console.log(JSON.stringify({ out, files }, null, 2));
