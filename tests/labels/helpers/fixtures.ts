// Golden files in tests/fixtures/labels/. A missing or different fixture fails the test; run with
// UPDATE_LABEL_FIXTURES=1 to rewrite them after an intended change (and review the diff).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/labels',
);

export function fixture(name: string, actual: Buffer): Buffer {
  const file = path.join(FIXTURE_DIR, name);
  if (process.env.UPDATE_LABEL_FIXTURES === '1') {
    mkdirSync(FIXTURE_DIR, { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file))
    throw new Error(`missing fixture ${file}: run with UPDATE_LABEL_FIXTURES=1 and review it`);
  return readFileSync(file);
}
