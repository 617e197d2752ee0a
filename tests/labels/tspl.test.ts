// TSPL: commands, GBK bytes for the resident Chinese font, font choice, RFID opt-in, golden files.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { isLabelError, layoutLabel, renderTspl, renderTsplText } from '../../labels/index.js';
import { fixture } from './helpers/fixtures.js';
import { CHINESE, FOLDER, SAMPLES } from './helpers/samples.js';

const folder = layoutLabel(FOLDER);

describe('TSPL renderer', () => {
  it('sets up the label, clears, draws and prints, with CRLF line ends', () => {
    const t = renderTsplText([folder]);
    const lines = t.split('\r\n');
    expect(lines.slice(0, 5)).toEqual([
      'SIZE 60 mm,40 mm',
      'GAP 2 mm,0 mm',
      'DIRECTION 1',
      'REFERENCE 0,0',
      'CLS',
    ]);
    expect(lines.at(-2)).toBe('PRINT 1,1');
    expect(t).not.toMatch(/[^\r]\n/);
    expect(t).toContain('BARCODE 24,137,"128",');
    expect(t).toMatch(/BARCODE \d+,\d+,"128",\d+,0,0,2,2,"F000001234"/);
    expect(t).toMatch(/QRCODE \d+,\d+,M,\d+,A,0,M2,S7,"F000001234"/);
    expect(renderTsplText([layoutLabel(FOLDER, { code2d: 'datamatrix' })])).toMatch(
      /DMATRIX \d+,\d+,\d+,\d+,x\d+,"F000001234"/,
    );
    expect(renderTsplText([folder], { dpi: 300, gapMm: 3, copies: 4 })).toContain('GAP 3 mm,0 mm');
  });

  it('uses TSS24.BF2 for Chinese and the built-in fonts for ASCII-only lines', () => {
    const t = renderTsplText([folder]);
    expect(t).toContain('TEXT 13,60,"TSS24.BF2",0,1,1,"华苑 3栋2单元1502"');
    expect(t).toMatch(/TEXT \d+,\d+,"4",0,1,1,"HY-03-2-1502-A"/);
    expect(t).toMatch(/TEXT \d+,\d+,"1",0,1,1,"EPC 3034257BF7194E4000000001"/);
    // 5.5 mm is 44 dots at 203 dpi (×1 of 24) and 65 dots at 300 dpi (×2).
    const box = layoutLabel(SAMPLES.find((s) => s.name === 'box')!.input);
    expect(renderTsplText([box])).toMatch(/TEXT \d+,\d+,"TSS24.BF2",0,1,1,"华苑 3栋 客户档案 第1盒"/);
    const big = renderTsplText([box], { dpi: 300 });
    expect(big).toMatch(/TEXT \d+,\d+,"TSS24.BF2",0,2,2,"华苑 3栋 客户档案 第1盒"/);
  });

  it('encodes the whole job in GBK', () => {
    const bytes = renderTspl([folder]);
    for (const zh of CHINESE.folder!) {
      expect(bytes.includes(iconv.encode(zh, 'gbk')), zh).toBe(true);
      expect(bytes.includes(Buffer.from(zh, 'utf8')), zh).toBe(false);
    }
    expect(bytes.includes(Buffer.from([0xbb, 0xaa, 0xd4, 0xb7]))).toBe(true); // 华苑
    expect(iconv.decode(bytes, 'gbk')).toBe(renderTsplText([folder]));
  });

  it('rejects text GBK cannot carry, with LABEL_DATA_INVALID', () => {
    const l = layoutLabel({
      template: 'cabinet',
      data: { kind: 'cabinet', id: 'C1', name: '柜 😀', room: '档案室' },
    });
    try {
      renderTspl([l]);
      expect.unreachable();
    } catch (e) {
      expect(isLabelError(e, 'LABEL_DATA_INVALID')).toBe(true);
    }
  });

  it('escapes double quotes as \\["]', () => {
    const l = layoutLabel({
      template: 'cabinet',
      data: { kind: 'cabinet', id: 'C1', name: '"甲"柜', room: '档案室' },
    });
    expect(renderTsplText([l])).toContain('"\\["]甲\\["]柜"');
  });

  it('writes RFID only when asked: TSPL2 RFID WRITE by default, or the printer’s own command', () => {
    expect(renderTsplText([folder])).not.toContain('RFID');
    const t = renderTsplText([folder], { rfid: true });
    expect(t).toContain('CLS\r\nRFID WRITE "EPC",0,"3034257BF7194E4000000001"\r\n');
    const custom = renderTsplText([folder], { rfid: (epc) => `RFIDW H,${epc}` });
    expect(custom).toContain('RFIDW H,3034257BF7194E4000000001');
  });

  it('joins several labels, each with its own SIZE and PRINT', () => {
    const t = renderTsplText(SAMPLES.map((s) => layoutLabel(s.input)));
    expect(t.match(/^CLS$/gm)).toHaveLength(SAMPLES.length);
    expect(t.match(/^PRINT 1,1$/gm)).toHaveLength(SAMPLES.length);
    expect(t).toContain('SIZE 30 mm,100 mm');
  });

  it.each([
    ['folder-203.tspl', () => renderTspl([folder])],
    [
      'all-templates-300.tspl',
      () =>
        renderTspl(
          SAMPLES.map((s) => layoutLabel(s.input)),
          { dpi: 300 },
        ),
    ],
  ])('matches fixture %s (GBK bytes)', (name, render) => {
    const actual = render();
    const expected = fixture(name, actual);
    expect(iconv.decode(actual, 'gbk')).toBe(iconv.decode(expected, 'gbk'));
    expect(actual.equals(expected)).toBe(true);
  });
});
