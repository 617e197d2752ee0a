// Literal frames from tests/fixtures/hardware/*.json.
import { readFileSync } from 'node:fs';
import { fromHex } from '../../../hardware/common/hex.js';

interface FixtureFile {
  frames: Record<string, { hex: string; source: string; expect?: Record<string, unknown> }>;
}

export function loadFrames(name: 'r2000-frames' | 'chafon-frames'): FixtureFile['frames'] {
  const url = new URL(`../../fixtures/hardware/${name}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as FixtureFile).frames;
}

export function frame(frames: FixtureFile['frames'], key: string): Buffer {
  const f = frames[key];
  if (!f) throw new Error(`no fixture frame ${key}`);
  return fromHex(f.hex);
}
