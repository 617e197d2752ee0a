// The package version, read once from package.json (works from server/ under tsx and from dist/server/).
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

function findPackageJson(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('package.json not found');
}

export const PACKAGE_ROOT = path.dirname(findPackageJson());
export const VERSION = (JSON.parse(readFileSync(findPackageJson(), 'utf8')) as { version: string }).version;
