// Label rendering throughput. Prints one JSON object. Run: npx tsx bench/labels-render.ts
// Every label has its own id (no barcode cache hits), as in a real print run of new folders.
import { performance } from 'node:perf_hooks';
import {
  autoSheet,
  encodeBarcode,
  layoutLabel,
  renderPdfLabels,
  renderPdfSheet,
  renderPng,
  renderSvg,
  renderTspl,
  renderZpl,
  type LabelInput,
  type LabelLayout,
} from '../labels/index.js';

let serial = 0;
function folders(n: number, code2d: 'qrcode' | 'datamatrix' = 'qrcode', size = '60x40'): LabelLayout[] {
  return Array.from({ length: n }, () => {
    const i = serial++;
    const input: LabelInput = {
      template: 'folder',
      data: {
        id: `F${String(100000 + i).padStart(9, '0')}`,
        archiveNo: `HY-${String(i % 30).padStart(2, '0')}-${(i % 4) + 1}-${1000 + (i % 3000)}-A`,
        property: `华苑 ${(i % 30) + 1}栋${(i % 4) + 1}单元${1000 + (i % 3000)}`,
        group: 'a',
        confidentiality: 'C 秘密',
        retention: '永久',
        epc: (0x3034257bf7194e4000000000n + BigInt(i)).toString(16).toUpperCase().padStart(24, '0'),
      },
    };
    return layoutLabel(input, { code2d, size });
  });
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

// Warm-up: JIT, font file read and parse, bwip-js initialisation.
await renderPdfLabels(folders(5));
renderSvg(folders(1)[0]!);
renderPng(folders(1)[0]!);

const N = 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// The target first, while the heap is fresh: 1,000 folder labels on A4, from inputs to PDF bytes.
// Three runs (new ids each time, so nothing is cached); min and median reported.
const sheet = autoSheet({ widthMm: 60, heightMm: 40 });
const a4Runs: number[] = [];
let a4Bytes = 0;
for (let r = 0; r < 3; r++) {
  const run = await timed(async () => renderPdfSheet(folders(N), sheet));
  a4Runs.push(run.ms);
  a4Bytes = run.result.length;
}
// Where the time goes: barcode encoding (bwip-js) versus layout + pdfkit.
const encodeOnly = await timed(() => {
  for (const l of folders(N))
    for (const it of l.items) if (it.type === 'barcode') encodeBarcode(it.symbology, it.data);
});
// The common 3 × 8 A4 sheet of 70 × 37 mm labels (24 per page), the layout STACK.md measured.
const sheet24 = { ...autoSheet({ widthMm: 70, heightMm: 37 }, undefined, 0, 0), marginTopMm: 0.5 };
const a4x24 = await timed(async () => (await renderPdfSheet(folders(N, 'qrcode', '70x37'), sheet24)).length);

const layoutRun = await timed(() => folders(N).length);
const svg = await timed(() => folders(N).reduce((n, l) => n + renderSvg(l).length, 0));
const svgDm = await timed(() => folders(N, 'datamatrix').reduce((n, l) => n + renderSvg(l).length, 0));
const pdfRoll = await timed(async () => (await renderPdfLabels(folders(N))).length);
const zpl = await timed(() => renderZpl(folders(N)).length);
const tspl = await timed(() => renderTspl(folders(N)).length);
const pngN = 100;
const png = await timed(() => folders(pngN).reduce((n, l) => n + renderPng(l, { dpi: 203 }).png.length, 0));

const perSec = (n: number, ms: number) => round((n * 1000) / ms, 0);
console.log(
  JSON.stringify(
    {
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
      labels: N,
      layoutOnly: { labelsPerSec: perSec(N, layoutRun.ms) },
      svg: { labelsPerSec: perSec(N, svg.ms), msPerLabel: round(svg.ms / N, 2) },
      svgDataMatrix: { labelsPerSec: perSec(N, svgDm.ms) },
      pdfRollPages: { labelsPerSec: perSec(N, pdfRoll.ms), bytes: pdfRoll.result },
      zpl: { labelsPerSec: perSec(N, zpl.ms) },
      tspl: { labelsPerSec: perSec(N, tspl.ms) },
      png203dpi: { labelsPerSec: perSec(pngN, png.ms) },
      a4Sheet1000: {
        secondsMin: round(Math.min(...a4Runs) / 1000, 2),
        secondsMedian: round(median(a4Runs) / 1000, 2),
        runs: a4Runs.map((ms) => round(ms / 1000, 2)),
        targetSeconds: 5,
        barcodeEncodingSeconds: round(encodeOnly.ms / 1000, 2),
        pages: Math.ceil(N / (sheet.columns * sheet.rows)),
        labelsPerPage: sheet.columns * sheet.rows,
        bytes: a4Bytes,
      },
      a4Sheet1000_70x37: {
        seconds: round(a4x24.ms / 1000, 2),
        labelsPerPage: sheet24.columns * sheet24.rows,
        bytes: a4x24.result,
      },
      loadAverage: (await import('node:os')).loadavg().map((l) => round(l, 2)),
    },
    null,
    2,
  ),
);
