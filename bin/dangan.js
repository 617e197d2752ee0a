#!/usr/bin/env node
// The installed command: runs the compiled server CLI (npm run build makes dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/server/main.js', import.meta.url));
if (!existsSync(entry)) {
  console.error('dangan: not built yet. Run `npm run build` (npm start does it for you).');
  process.exit(1);
}
const { cli } = await import(entry);
await cli(process.argv.slice(2));
