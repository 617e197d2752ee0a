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

const out = process.argv[2] ?? '/tmp/dangan-labels';
mkdirSync(out, { recursive: true });

const folder: LabelInput = {
  template: 'folder',
  data: {
    id: 'F000001234',
    archiveNo: 'HY-03-2-1502-A',
    property: '华苑 3栋2单元1502',
    group: 'a',
    confidentiality: 'C 秘密',
    retention: '永久',
    epc: '3034257BF7194E4000000001',
  },
};
const spine: LabelInput = {
  template: 'spine',
  data: {
    id: 'F000001234',
    archiveNo: 'HY-03-2-1502-A',
    property: '华苑 3栋2单元1502',
    group: 'a',
    volume: '1/2',
    year: '2024',
  },
};
const samples: [string, LabelInput, LayoutOptions][] = [
  ['folder', folder, {}],
  ['folder-datamatrix-100x50', folder, { size: '100x50', code2d: 'datamatrix' }],
  ['spine', spine, {}],
  ['spine-100x25', spine, { size: '100x25' }],
  [
    'box',
    {
      template: 'box',
      data: {
        id: 'B000000042',
        title: '华苑 3栋 客户档案 第1盒',
        archiveNoFrom: 'HY-03-2-0101-A',
        archiveNoTo: 'HY-03-2-0604-E',
        year: '2024',
        folderCount: 24,
        retention: '永久',
        confidentiality: 'C 秘密',
      },
    },
    {},
  ],
  [
    'shelf',
    {
      template: 'shelf',
      data: { kind: 'shelf', id: 'S-201-03-2', name: '3号密集架 A面 第2层', room: '档案室 201' },
    },
    {},
  ],
  [
    'cabinet-60x40',
    { template: 'cabinet', data: { kind: 'cabinet', id: 'C-201-07', name: '7号档案柜', room: '档案室 201' } },
    { size: '60x40' },
  ],
  [
    'badge',
    {
      template: 'badge',
      data: {
        id: 'U00042',
        name: '张晓明',
        department: '客服部',
        title: '客服专员',
        organisation: '华远地产 客户档案室',
      },
    },
    {},
  ],
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
