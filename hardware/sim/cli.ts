// Runs one simulator on a fresh socat pseudo-terminal pair, driven from stdin, so a server (or minicom)
// can open `--link` as if a device were plugged in. Examples:
//   npx tsx hardware/sim/cli.ts scanner --link /tmp/dangan-scan --suffix CRLF --aim ']C0'
//       then type a code per line (it is "scanned")
//   npx tsx hardware/sim/cli.ts r2000 --link /tmp/dangan-cab1 --tag 1:F000000001 --tag 2:F000000002
//   npx tsx hardware/sim/cli.ts chafon --link /tmp/dangan-gate --family uhfreader288 --mode autonomous
//       then: add <antenna> <itemId|EPC> | remove <itemId|EPC> | silent on|off | pass <id,id,...> | quit
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { itemIdToEpc, DEMO_COMPANY_PREFIX } from '../epc/mapping.js';
import { parseItemId } from '../epc/item-id.js';
import { BarcodeScannerSim } from './barcode-sim.js';
import type { ScanSuffix } from './barcode-sim.js';
import { ChafonSimulator } from './chafon-sim.js';
import { GateSimulator } from './gate-sim.js';
import { closeSimPort, openSimPort, startPtyPair } from './pty.js';
import { R2000Simulator } from './r2000-sim.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    link: { type: 'string' },
    baud: { type: 'string' },
    suffix: { type: 'string', default: 'CR' },
    aim: { type: 'string' },
    encoding: { type: 'string', default: 'utf8' },
    family: { type: 'string', default: 'uhfreader288' },
    mode: { type: 'string', default: 'answer' },
    tag: { type: 'string', multiple: true },
    prefix: { type: 'string', default: DEMO_COMPANY_PREFIX },
  },
});

const kind = positionals[0];
const say = (line: string): boolean => process.stdout.write(`${line}\n`);
const toEpc = (idOrEpc: string): string =>
  parseItemId(idOrEpc) ? itemIdToEpc(idOrEpc, { companyPrefix: values.prefix }) : idOrEpc.toUpperCase();

if (!kind || !['scanner', 'r2000', 'chafon'].includes(kind) || !values.link) {
  say('usage: cli.ts scanner|r2000|chafon --link /tmp/dangan-x [options]  (see the header of this file)');
  process.exit(2);
}

const link = values.link;
const defaultBaud = kind === 'scanner' ? 9600 : kind === 'r2000' ? 115200 : 57600;
const pty = await startPtyPair(link, `${link}.sim`);
const port = await openSimPort(pty.devicePath, Number(values.baud ?? defaultBaud));
say(`${kind} simulator ready: open ${link} (device side ${pty.devicePath})`);

let reader: R2000Simulator | ChafonSimulator | null = null;
let scanner: BarcodeScannerSim | null = null;
if (kind === 'scanner') {
  scanner = new BarcodeScannerSim(port, {
    suffix: values.suffix as ScanSuffix,
    aim: values.aim ?? null,
    encoding: values.encoding,
  });
} else {
  reader =
    kind === 'r2000'
      ? new R2000Simulator({ answerDelayMs: 20 })
      : new ChafonSimulator({
          family: values.family === 'uhfreader18' ? 'uhfreader18' : 'uhfreader288',
          mode: values.mode === 'autonomous' ? 'autonomous' : 'answer',
          answerDelayMs: 20,
        });
  reader.attach(port);
  for (const t of values.tag ?? []) {
    const [ant, id] = t.split(':');
    if (ant && id) reader.addTag(Number(ant), toEpc(id));
  }
}
const gate = reader ? new GateSimulator(reader) : null;

const shutdown = async (): Promise<void> => {
  gate?.stop();
  await closeSimPort(port);
  await pty.kill();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());

for await (const line of createInterface({ input: process.stdin })) {
  const [cmd = '', a = '', b = ''] = line.trim().split(/\s+/);
  if (cmd === 'quit') break;
  if (scanner) {
    if (line.trim()) say(`sent ${scanner.scan(line.trim()).toString('hex')}`);
  } else if (reader && cmd === 'add' && b) {
    reader.addTag(Number(a), toEpc(b));
  } else if (reader && cmd === 'remove' && a) {
    reader.removeTag(toEpc(a));
  } else if (reader && cmd === 'silent') {
    reader.silent = a === 'on';
  } else if (gate && cmd === 'pass' && a) {
    void gate.pass({ epcs: a.split(',').map(toEpc), dwellMs: 1500 });
  } else if (line.trim()) {
    say('commands: add <ant> <id|epc> | remove <id|epc> | silent on|off | pass <id,...> | quit');
  }
}
await shutdown();
