// `npm run build` once per test run, however many test files (in parallel worker processes) need dist/ and
// kiosk/dist/. The first asks for a lock (an atomic mkdir) and builds; the others wait for its marker.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const dir = path.resolve('.tmp');
// vitest.config.ts gives every worker of one run the same id (a pid alone may come back in a later run).
const marker = path.join(dir, `built-for-${process.env.DANGAN_TEST_RUN ?? process.ppid}`);
const lock = path.join(dir, 'build.lock');

export async function buildOnce(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const deadline = Date.now() + 240_000;
  while (!existsSync(marker)) {
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      // Someone else is building; a lock left by a run that was killed is cleared after five minutes.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 300_000)
        rmSync(lock, { recursive: true, force: true });
    }
    if (mine) {
      try {
        if (!existsSync(marker)) {
          // The bundle `npm start` builds: vitest's NODE_ENV=test would make Vite emit a larger, dev-flavoured one.
          await run('npm', ['run', 'build'], {
            timeout: 180_000,
            env: { ...process.env, NODE_ENV: 'production' },
          });
          writeFileSync(marker, new Date().toISOString());
        }
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      return;
    }
    if (Date.now() > deadline) throw new Error('waited too long for another test file to build');
    await new Promise((r) => setTimeout(r, 250));
  }
}
