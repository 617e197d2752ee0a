import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  canonicalEncoding,
  chain,
  checkLink,
  entryHash,
  type CustodyFields,
} from '../../server/domain/ledger.js';

const base: Omit<CustodyFields, 'seq'> = {
  at: '2026-11-25T10:00:00.000Z',
  actorUserId: 3,
  station: 'kiosk-1',
  action: 'check_out',
  itemId: 42,
  fromState: 'in_place',
  toState: 'out',
  fromLocationId: 7,
  toLocationId: null,
  fromHolderId: null,
  toHolderId: 3,
  reason: '办理产权证',
  approvalRef: null,
};

describe('custody hash chain', () => {
  it('numbers entries gaplessly from the last stored row and links each to the previous hash', () => {
    const first = chain(null, [base, { ...base, action: 'check_in', fromState: 'out', toState: 'in_place' }]);
    expect(first.map((e) => e.seq)).toEqual([1, 2]);
    expect(first[0]!.prevHash).toBe(GENESIS_HASH);
    expect(first[1]!.prevHash).toBe(first[0]!.hash);
    const next = chain({ seq: 2, hash: first[1]!.hash }, [base]);
    expect(next[0]!.seq).toBe(3);
    expect(next[0]!.prevHash).toBe(first[1]!.hash);
  });

  it('has a fixed canonical encoding (a change here breaks every stored chain)', () => {
    const fields = { ...base, seq: 1 };
    expect(canonicalEncoding(fields, GENESIS_HASH)).toBe(
      `["dangan-custody-v1",1,"2026-11-25T10:00:00.000Z",3,"kiosk-1","check_out",42,"in_place","out",7,null,null,3,"办理产权证",null,"${GENESIS_HASH}"]`,
    );
    expect(entryHash(fields, GENESIS_HASH)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('detects any change to any field of a stored row', () => {
    const [entry] = chain(null, [base]);
    const fields = Object.keys(base) as Array<keyof typeof base>;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.string({ minLength: 1, maxLength: 5 }), (field, junk) => {
        const tampered = {
          ...entry!,
          [field]:
            typeof entry![field] === 'number' ? Number(entry![field]) + 1 : `${String(entry![field])}${junk}`,
        };
        expect(checkLink(null, tampered)).toBe('hash');
      }),
    );
    expect(checkLink(null, entry!)).toBeNull();
  });

  it('names gaps and broken links', () => {
    const entries = chain(null, [base, base, base]);
    expect(checkLink({ seq: 1, hash: entries[0]!.hash }, entries[2]!)).toBe('gap');
    expect(checkLink({ seq: 1, hash: 'f'.repeat(64) }, entries[1]!)).toBe('prev_hash');
  });
});
