// One walk of the custody chain answers for every folder whose last row it reached: a fault at or before a
// folder's last row is that folder's fault; a fault after it leaves the folder verified through its last row.
import { describe, expect, it } from 'vitest';
import { verdictThrough, type Verification } from '../../server/services/timeline.js';

describe('verdictThrough', () => {
  const sound: Verification = { verified: true, throughSeq: 1000, rows: 1000 };
  const broken: Verification = { verified: false, firstBadSeq: 600, problem: 'hash', throughSeq: 599 };

  it('a sound walk verifies every folder through its own last row', () => {
    expect(verdictThrough(sound, 1000, 420)).toEqual({ verified: true, throughSeq: 420, rows: 420 });
    expect(verdictThrough(sound, 1000, 1000)).toEqual(sound);
  });

  it('a fault concerns the folders whose last row is at or after it', () => {
    expect(verdictThrough(broken, 1000, 599)).toEqual({ verified: true, throughSeq: 599, rows: 599 });
    expect(verdictThrough(broken, 1000, 600)).toEqual(broken);
    expect(verdictThrough(broken, 1000, 950)).toEqual(broken);
  });

  it('refuses to answer past where the walk went', () => {
    expect(() => verdictThrough(sound, 1000, 1001)).toThrow(/stopped before/);
  });
});
