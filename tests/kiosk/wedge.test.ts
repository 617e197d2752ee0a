// The keyboard-wedge detector: a scanner's burst ending in Enter is a scan, a person typing is not.
import { describe, expect, it } from 'vitest';
import { createWedgeDetector, judge, type WedgeVerdict } from '../../kiosk/src/shared/scanner/wedge';

/** Feeds `text` with the given gaps (one per character, the last one before Enter) and returns the verdicts. */
function feed(text: string, gaps: number | number[], enterGap?: number) {
  const d = createWedgeDetector();
  let at = 1000;
  const verdicts: WedgeVerdict[] = [];
  [...text].forEach((ch, i) => {
    verdicts.push(d.key(ch, at));
    at += Array.isArray(gaps) ? (gaps[i] ?? 0) : gaps;
  });
  if (enterGap !== undefined) at = at - (Array.isArray(gaps) ? (gaps.at(-1) ?? 0) : gaps) + enterGap;
  verdicts.push(d.key('Enter', at));
  return verdicts.at(-1)!;
}

describe('keyboard wedge detector', () => {
  it('reads a fast burst ending in Enter as a scan', () => {
    expect(feed('U000000008', 5)).toEqual({ kind: 'scan', code: 'U000000008' });
    expect(feed('F000000050', 12)).toEqual({ kind: 'scan', code: 'F000000050' });
  });

  it('reads slow typing followed by Enter as an ordinary Enter', () => {
    expect(feed('U000000008', 150)).toEqual({ kind: 'enter' });
    expect(feed('1234', 80)).toEqual({ kind: 'enter' });
  });

  it('needs at least four characters', () => {
    expect(feed('F12', 5)).toEqual({ kind: 'enter' });
    expect(feed('F123', 5)).toEqual({ kind: 'scan', code: 'F123' });
  });

  it('refuses a burst whose mean gap is above 35 ms (a quick typist)', () => {
    expect(feed('abcdef', 40)).toEqual({ kind: 'enter' });
    expect(feed('abcdef', 30)).toEqual({ kind: 'scan', code: 'abcdef' });
  });

  it('tolerates one stall of a busy browser inside a scan', () => {
    expect(feed('F000000050', [5, 5, 90, 5, 5, 5, 5, 5, 5, 5])).toEqual({ kind: 'scan', code: 'F000000050' });
  });

  it('does not count an Enter pressed long after the burst', () => {
    expect(feed('F000000050', 5, 400)).toEqual({ kind: 'enter' });
  });

  it('takes only the fast run at the end: what a person typed before a pause is left out', () => {
    const d = createWedgeDetector();
    let at = 0;
    for (const ch of 'abc') d.key(ch, (at += 200));
    at += 500;
    for (const ch of 'F000000050') d.key(ch, (at += 4));
    expect(d.key('Enter', at + 5)).toEqual({ kind: 'scan', code: 'F000000050' });
  });

  it('ignores Shift (scanners press it for capitals) and breaks on editing keys', () => {
    const d = createWedgeDetector();
    let at = 0;
    d.key('Shift', (at += 2));
    d.key('F', (at += 2));
    for (const ch of '00000050') d.key(ch, (at += 3));
    expect(d.key('Enter', at + 3)).toEqual({ kind: 'scan', code: 'F00000050' });
    for (const ch of 'F0000') d.key(ch, (at += 3));
    d.key('Backspace', (at += 3));
    expect(d.key('Enter', at + 3)).toEqual({ kind: 'enter' });
  });

  it('starts afresh after each Enter and after reset()', () => {
    const d = createWedgeDetector();
    let at = 0;
    for (const ch of 'F0001') d.key(ch, (at += 3));
    d.reset();
    expect(d.key('Enter', at + 3)).toEqual({ kind: 'enter' });
  });

  it('judge() is the same rule as a pure function over chars and times', () => {
    expect(judge([...'ABCD'], [0, 5, 10, 15], 20)).toBe('ABCD');
    expect(judge([...'ABCD'], [0, 200, 400, 600], 620)).toBeNull();
    expect(judge([], [], 5)).toBeNull();
    expect(judge([...'ABCD'], [0, 5, 10, 15], 10)).toBeNull(); // Enter before the last key: not a scan
  });
});
