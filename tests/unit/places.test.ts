import { describe, expect, it } from 'vitest';
import { placeLabel } from '../../server/domain/places.js';

describe('place labels', () => {
  it('names a place from the cabinet down, leaving out the room the screen stands in', () => {
    expect(
      placeLabel([
        { kind: 'position', name: '3号位' },
        { kind: 'shelf', name: '第2层' },
        { kind: 'cabinet', name: '1号档案柜' },
        { kind: 'room', name: '档案室' },
      ]),
    ).toBe('1号档案柜 第2层 3号位');
    expect(
      placeLabel([
        { kind: 'shelf', name: '第2层' },
        { kind: 'cabinet', name: '1号档案柜' },
      ]),
    ).toBe('1号档案柜 第2层');
  });

  it('names a room by itself, and nothing by nothing', () => {
    expect(placeLabel([{ kind: 'room', name: '档案室' }])).toBe('档案室');
    expect(placeLabel([])).toBe('');
  });
});
