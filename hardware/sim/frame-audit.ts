// Audits what a framer delivered against the good frames that were sent (fuzzing, benchmarks): good frames
// lost, delivered twice or out of order, and phantom tags (a decoded tag that no good frame carried).
import { toHex } from '../common/hex.js';
import {
  decodeChafonResponse,
  isInventoryReCmd,
  parseAutonomous,
  parseInventoryAnswer,
} from '../rfid/chafon/codec.js';
import { decodeR2000, isTagInventoryCmd, parseInventoryAnswer as parseR2000 } from '../rfid/r2000/codec.js';

export type AuditProtocol = 'r2000' | 'chafon';

/** EPCs (hex) a frame carries, as the drivers would decode them; [] for frames without tags. */
export function tagsOf(protocol: AuditProtocol, frame: Buffer): string[] {
  try {
    if (protocol === 'r2000') {
      const f = decodeR2000(frame);
      if (!isTagInventoryCmd(f.cmd)) return [];
      const a = parseR2000(f.data, f.cmd);
      return a.kind === 'tag' ? [toHex(a.epc)] : [];
    }
    const r = decodeChafonResponse(frame);
    const out: string[] = [];
    for (const family of ['uhfreader18', 'uhfreader288'] as const) {
      if (isInventoryReCmd(r.reCmd, family)) {
        const a = parseInventoryAnswer(r, family);
        if (a.kind === 'tags') out.push(...a.tags.map((t) => toHex(t.epc)));
      } else if (r.reCmd === 0xee) {
        const a = parseAutonomous(r, family);
        if (a.kind === 'tag') out.push(toHex(a.epc));
      }
    }
    return out;
  } catch {
    return [];
  }
}

export interface FrameAudit {
  sent: number;
  delivered: number;
  /** Good frames not delivered (in order, exactly once). */
  lost: number;
  /** Delivered frames that are not the next good frame. */
  extra: number;
  /** Tags decoded from delivered frames that no good frame carried. */
  phantoms: number;
  /**
   * Delivered frames equal to a torn frame's original: the bytes after the torn frame happened to be the
   * ones it lost, so the frame was on the wire whole (not a phantom, though not a good frame either).
   */
  reformed: number;
  /** Longest run of consecutive good frames lost. */
  longestLoss: number;
}

const LOOKAHEAD = 1000;

/** Matches `delivered` against `sent` in order (a delivered frame either is the next good one or extra). */
export function auditFrames(
  protocol: AuditProtocol,
  sent: readonly Buffer[],
  delivered: readonly Buffer[],
  tornOriginals: readonly Buffer[] = [],
): FrameAudit {
  const torn = new Set(tornOriginals.map((f) => f.toString('hex')));
  let reformed = 0;
  const sentTags = new Set<string>();
  for (const f of sent) for (const t of tagsOf(protocol, f)) sentTags.add(t);
  let s = 0;
  let lost = 0;
  let extra = 0;
  let phantoms = 0;
  let longestLoss = 0;
  for (const d of delivered) {
    // Find d among the next good frames (a bounded window); what it skips over was lost.
    let k = s;
    const stop = Math.min(sent.length, s + LOOKAHEAD);
    while (k < stop && !(sent[k] as Buffer).equals(d)) k++;
    if (k < stop) {
      lost += k - s;
      longestLoss = Math.max(longestLoss, k - s);
      s = k + 1;
    } else if (torn.has(d.toString('hex'))) {
      reformed++;
    } else {
      extra++;
      for (const t of tagsOf(protocol, d)) if (!sentTags.has(t)) phantoms++;
    }
  }
  lost += sent.length - s;
  longestLoss = Math.max(longestLoss, sent.length - s);
  return { sent: sent.length, delivered: delivered.length, lost, extra, phantoms, reformed, longestLoss };
}
