#!/usr/bin/env node
// Makes sure what `npm test` needs from the operating system is here: Debian packages (installed with
// apt-get when running as root, otherwise we stop with the exact command) and a reachable PostgreSQL.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

/** What the tests use, and the Debian package that provides it. */
const NEEDS = [
  { what: 'socat (pseudo-terminals for serial device tests)', pkg: 'socat', present: () => onPath('socat') },
  { what: 'pdftoppm (renders PDF labels to PNG)', pkg: 'poppler-utils', present: () => onPath('pdftoppm') },
  {
    what: 'Chromium (end-to-end and screenshot tests)',
    pkg: 'chromium',
    present: () => existsSync('/usr/bin/chromium'),
  },
  {
    what: 'a CJK font (Chinese text in labels and screenshots)',
    pkg: 'fonts-wqy-microhei',
    present: () => existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
  },
];

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const missing = NEEDS.filter((n) => !n.present());
if (missing.length > 0) {
  const pkgs = missing.map((n) => n.pkg);
  const command = `apt-get -qq update && apt-get -qq install -y --no-install-recommends ${pkgs.join(' ')}`;
  for (const n of missing) console.error(`test prerequisites: missing ${n.what}`);
  if (process.getuid?.() === 0) {
    console.error(`test prerequisites: installing: ${command}`);
    try {
      execFileSync('sh', ['-c', command], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch {
      console.error('test prerequisites: apt-get failed; run the command above by hand.');
      process.exit(1);
    }
  } else {
    console.error(`test prerequisites: run as root:\n  sudo sh -c '${command}'`);
    process.exit(1);
  }
}

// PostgreSQL: every store test also runs on it.
const pgHost = process.env.DANGAN_TEST_PG_HOST ?? '127.0.0.1';
const pgPort = Number(process.env.DANGAN_TEST_PG_PORT ?? 5432);
if (!(await reachable(pgHost, pgPort))) {
  const start = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
  if (process.getuid?.() === 0 && existsSync('/etc/postgresql')) {
    console.error(`test prerequisites: PostgreSQL is down; starting it: ${start}`);
    spawnSync('sh', ['-c', start], { stdio: 'inherit' });
  }
  if (!(await reachable(pgHost, pgPort))) {
    console.error(
      `test prerequisites: PostgreSQL is not reachable on ${pgHost}:${pgPort}. Start it:\n  ${start}`,
    );
    process.exit(1);
  }
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}
