// ZPL: structure, dot geometry, UTF-8 Chinese after ^CI28, RFID, escaping, and golden files.
import { describe, expect, it } from 'vitest';
import {
  encodeBarcode,
  layoutLabel,
  placeBarcode,
  renderZpl,
  renderZplLabel,
  type BarcodeItem,
} from '../../labels/index.js';
import { dotsPerMm } from '../../labels/units.js';
import { fixture } from './helpers/fixtures.js';
import { CHINESE, FOLDER, SAMPLES } from './helpers/samples.js';

const folder = layoutLabel(FOLDER);

/** Field origins and ^GB boxes must lie on the label (^PW × ^LL). */
function fieldOrigins(zpl: string): [number, number][] {
  return [...zpl.matchAll(/\^FO(\d+),(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('ZPL renderer', () => {
  it('frames each label with ^XA ^CI28 ^PW ^LL … ^PQ ^XZ in dots at 203 and 300 dpi', () => {
    const z203 = renderZplLabel(folder);
    expect(z203.split('\n').slice(0, 5)).toEqual(['^XA', '^CI28', '^PW480', '^LL320', '^LH0,0']);
    expect(z203.trimEnd().endsWith('^PQ1\n^XZ')).toBe(true);
    const z300 = renderZplLabel(folder, { dpi: 300, copies: 2 });
    expect(z300).toContain('^PW709\n^LL472');
    expect(z300).toContain('^PQ2\n^XZ');
    for (const [x, y] of fieldOrigins(z203)) {
      expect(x).toBeLessThan(480);
      expect(y).toBeLessThan(320);
    }
  });

  it('encodes the id as ^BC Code 128 and ^BQ QR / ^BX DataMatrix at the fitted module size', () => {
    const z = renderZplLabel(folder);
    const code = folder.items.find(
      (i): i is BarcodeItem => i.type === 'barcode' && i.symbology === 'code128',
    )!;
    const e = encodeBarcode('code128', code.data);
    const p = placeBarcode(code, e.modulesX, e.modulesY, dotsPerMm(203));
    expect(p.moduleDots).toBe(2);
    expect(z).toMatch(
      new RegExp(`\\^BY2\\^BCN,${Math.round(p.h * dotsPerMm(203))},N,N,N,A\\^FDF000001234\\^FS`),
    );
    const qr = folder.items.find((i): i is BarcodeItem => i.type === 'barcode' && i.symbology === 'qrcode')!;
    const q = placeBarcode(qr, 21, 21, dotsPerMm(203));
    // ^FO raised by the pinned ^BY height (10), which the firmware sinks a QR by.
    const qy = Math.round(q.y * dotsPerMm(203)) - 10;
    expect(z).toContain(
      `^BY2,3,10^FO${Math.round(q.x * dotsPerMm(203))},${qy}^BQN,2,${q.moduleDots}^FDMA,F000001234^FS`,
    );
    const dm = renderZplLabel(layoutLabel(FOLDER, { code2d: 'datamatrix' }));
    expect(dm).toMatch(/\^BXN,\d+,200\^FDF000001234\^FS/);
    expect(dm).not.toContain('^BQ');
  });

  it('prints Chinese with the configured ^A@ font, as UTF-8 bytes after ^CI28', () => {
    const bytes = renderZpl([folder], { cjkFont: 'E:ANMDS.TTF' });
    const text = bytes.toString('utf8');
    expect(text).toMatch(/\^A@N,\d+,\d+,E:ANMDS\.TTF\^FD华苑 3栋2单元1502\^FS/);
    const ci28 = bytes.indexOf('^CI28');
    for (const zh of CHINESE.folder!) {
      const at = bytes.indexOf(Buffer.from(zh, 'utf8'));
      expect(at, zh).toBeGreaterThan(ci28);
    }
    expect(bytes.includes(Buffer.from([0xbb, 0xaa]))).toBe(false); // 华 in GBK must not appear
  });

  it('bold text is printed twice, one dot apart', () => {
    const z = renderZplLabel(folder);
    const lines = z.split('\n').filter((l) => l.includes('^FDHY-03-2-1502-A^FS'));
    expect(lines).toEqual([
      '^FO13,13^A@N,35,35,E:SIMSUN.TTF^FDHY-03-2-1502-A^FS',
      '^FO14,13^A@N,35,35,E:SIMSUN.TTF^FDHY-03-2-1502-A^FS',
    ]);
  });

  it('writes the EPC with ^RFW only for RFID printers and labels with an EPC', () => {
    expect(renderZplLabel(folder)).not.toContain('^RFW');
    const rfid = renderZplLabel(folder, { rfid: true });
    expect(rfid).toContain('^RS8\n^RFW,H,,,A^FD3034257BF7194E4000000001^FS');
    expect(rfid.indexOf('^RFW')).toBeLessThan(rfid.indexOf('^FO'));
    const noEpc = layoutLabel(SAMPLES.find((s) => s.name === 'folder-no-epc')!.input);
    expect(renderZplLabel(noEpc, { rfid: true })).not.toContain('^RFW');
  });

  it('escapes ZPL control characters in field data with ^FH', () => {
    const l = layoutLabel({
      template: 'cabinet',
      data: { kind: 'cabinet', id: 'C_1', name: '柜^A~B', room: '室_1' },
    });
    const z = renderZplLabel(l);
    expect(z).toContain('^FH^FD柜_5EA_7EB^FS');
    expect(z).toContain('^FH^FD室_5F1^FS');
    expect(z).toMatch(/\^BCN,\d+,N,N,N,A\^FH\^FDC_5F1\^FS/);
    // The only ^ and ~ left are command prefixes.
    expect(z.replace(/\^[A-Z@][A-Z0-9@]?/g, '')).not.toMatch(/[\^~]/);
  });

  it('joins several labels into one job', () => {
    const job = renderZpl(SAMPLES.map((s) => layoutLabel(s.input))).toString('utf8');
    expect(job.match(/\^XA/g)).toHaveLength(SAMPLES.length);
    expect(job.match(/\^XZ/g)).toHaveLength(SAMPLES.length);
  });

  it.each([
    ['folder-203.zpl', () => renderZpl([folder])],
    ['folder-300-rfid.zpl', () => renderZpl([folder], { dpi: 300, rfid: true })],
    ['all-templates-203.zpl', () => renderZpl(SAMPLES.map((s) => layoutLabel(s.input)))],
  ])('matches fixture %s', (name, render) => {
    const actual = render();
    expect(actual.toString('utf8')).toBe(fixture(name, actual).toString('utf8'));
  });
});
