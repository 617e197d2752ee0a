// The installer's tools (server/cli/hardware-commands.ts): decode, epc, devices, listen. Pure commands run
// in-process; exit codes, devices and listen also run as a real process against socat pseudo-terminals with
// simulators on the far end, the way an installer would use them next to real hardware.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromHex, toHex } from '../../hardware/common/hex.js';
import { itemIdToEpc } from '../../hardware/epc/mapping.js';
import { encodeInventoryAnswer288 } from '../../hardware/rfid/chafon/codec.js';
import { encodeRoundSummary, encodeTagAnswer } from '../../hardware/rfid/r2000/codec.js';
import { BarcodeScannerSim, encodeScan } from '../../hardware/sim/barcode-sim.js';
import { closeSimPort, openSimPort, startPtyPair } from '../../hardware/sim/pty.js';
import { R2000Simulator } from '../../hardware/sim/r2000-sim.js';
import { HARDWARE_COMMANDS } from '../../server/cli/hardware-commands.js';

const PREFIX = '9521234';
const FOLDER = 'F000001234';
const FOLDER_EPC = '34164521480000003B9ACED2'; // hardware/README.md table
/** A published GIAI-96 translation (another company's prefix) and a TID-like non-EPC: not ours. */
const FOREIGN_GIAI = '3474257BF400000000BC6038';
const FOREIGN_OTHER = 'E2801160600002052A0B31C4';

let dir = '';
let configFile = '';
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangan-cli-hw-'));
  configFile = join(dir, 'empty.json');
  writeFileSync(configFile, '{}');
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// ---- running the commands ---------------------------------------------------------------------------

interface Result {
  code: number;
  out: string[];
  err: string;
}

/** In-process: the command's run(args, env) with console captured. */
async function run(name: string, args: string[], env: Record<string, string> = {}): Promise<Result> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  const error = vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
  try {
    const code = await HARDWARE_COMMANDS[name]!.run(args, { DANGAN_CONFIG: configFile, ...env });
    return { code, out: out.join('\n').split('\n').filter(Boolean), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const json = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

// The real `dangan` command line, in its own process.
const ENTRY = 'server/main.ts';

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('DANGAN_')) env[k] = v;
  return { ...env, DANGAN_CONFIG: configFile, ...extra };
}

interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function runProcess(args: string[], env: Record<string, string> = {}) {
  const p = start(args, env);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function writeConfig(name: string, config: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

// ---- decode -----------------------------------------------------------------------------------------

describe('dangan decode', () => {
  it('decodes the R2000 frames of HARDWARE.md and a tag answer with the folder its EPC maps to', async () => {
    const tag = encodeTagAnswer(0x01, { antenna: 2, freqIndex: 5, epc: fromHex(FOLDER_EPC), rssiRaw: 85 });
    const r = await run('decode', ['--protocol', 'r2000', 'A0 03 FF 72 EC', 'A0:04:01:89:FF:D3', toHex(tag)]);
    expect(r.code).toBe(0);
    const [firmware, inventory, answer, summary] = json(r.out);
    expect(firmware).toMatchObject({
      type: 'frame',
      offset: 0,
      address: 0xff,
      command: '0x72',
      commandName: 'getFirmwareVersion',
      direction: 'command',
    });
    expect(inventory).toMatchObject({
      offset: 5,
      hex: 'A0 04 01 89 FF D3',
      address: 1,
      command: '0x89',
      direction: 'command',
      repeat: 0xff,
    });
    expect(answer).toMatchObject({ offset: 11, direction: 'answer' });
    expect(answer!.tags).toEqual([
      { antenna: 2, freqIndex: 5, pc: '3000', epc: FOLDER_EPC, rssi: -44, rssiRaw: 85, itemId: FOLDER },
    ]);
    expect(summary).toMatchObject({
      type: 'summary',
      frames: 3,
      tags: 1,
      checksumErrors: 0,
      droppedBytes: 0,
    });
  });

  it('decodes the Chafon frames of HARDWARE.md and a 288 inventory answer; a foreign EPC maps to null', async () => {
    const answer = encodeInventoryAnswer288(0x00, 0x01, 0b100, [
      { epc: fromHex(FOLDER_EPC), rssi: 74 },
      { epc: fromHex(FOREIGN_OTHER), rssi: 60 },
    ]);
    const r = await run('decode', [
      '--protocol',
      'chafon',
      '04 00 01 DB 4B 04 FF 21 19 95',
      '0x05 0x00 0x01 0xFB 0xF2 0x3D',
      toHex(answer),
    ]);
    expect(r.code).toBe(0);
    const [inv, info, noTag, tags, summary] = json(r.out);
    expect(inv).toMatchObject({
      address: 0,
      command: '0x01',
      commandName: 'inventory',
      direction: 'command',
    });
    expect(info).toMatchObject({ address: 0xff, command: '0x21', commandName: 'getReaderInfo' });
    expect(noTag).toMatchObject({ direction: 'answer', status: { code: '0xFB', name: 'no_tag' } });
    expect(tags).toMatchObject({ family: 'uhfreader288', status: { code: '0x01', name: 'done' } });
    expect(tags!.tags).toEqual([
      { antenna: 3, antennas: [3], pc: null, epc: FOLDER_EPC, rssi: 74, itemId: FOLDER },
      { antenna: 3, antennas: [3], pc: null, epc: FOREIGN_OTHER, rssi: 60, itemId: null },
    ]);
    expect(summary).toMatchObject({ frames: 4, tags: 2, checksumErrors: 0, droppedBytes: 0 });
  });

  it('decodes 0x89 / 0x8A answers with phase bytes after RSSI (EPC length from PC) and a UHFReader18 0x0F answer', async () => {
    const r = await run('decode', [
      '--protocol',
      'r2000',
      'A0 15 01 89 2A 30 00 34 16 45 21 48 00 00 00 3B 9A CE D2 4E 1A 2B 67',
      'A0 11 01 8A 00 20 00 30 08 33 B2 DD D9 01 40 40 01 00 4F',
      'A0 0A 01 8A 00 00 2A 00 00 01 F4 AC',
    ]);
    expect(r.code).toBe(0);
    const [phased, fast, round, summary] = json(r.out);
    expect(phased!.tags).toEqual([
      {
        antenna: 3,
        freqIndex: 10,
        pc: '3000',
        epc: FOLDER_EPC,
        rssi: -51,
        rssiRaw: 78,
        phase: 0x1a2b,
        itemId: FOLDER,
      },
    ]);
    expect(fast).toMatchObject({
      command: '0x8A',
      commandName: 'fastSwitchAntennaInventory',
      direction: 'answer',
    });
    expect(fast!.tags).toMatchObject([{ antenna: 1, pc: '2000', epc: '300833B2DDD90140', phase: 0x100 }]);
    expect(round).toMatchObject({ round: { totalRead: 42, durationMs: 500 } });
    expect(summary).toMatchObject({ frames: 3, tags: 2, malformed: 0, checksumErrors: 0 });

    const c = await run('decode', [
      '--protocol',
      'chafon',
      '04 00 0F A5 A2',
      '13 00 0F 01 01 0C 34 16 45 21 48 00 00 00 3B 9A CE D2 2A 9E',
    ]);
    expect(c.code).toBe(0);
    const [cmd, single] = json(c.out);
    expect(cmd).toMatchObject({ command: '0x0F', commandName: 'inventorySingle', direction: 'command' });
    expect(single).toMatchObject({ family: 'uhfreader18', direction: 'answer' });
    expect(single!.tags).toEqual([
      { antenna: null, antennas: null, pc: null, epc: FOLDER_EPC, rssi: null, itemId: FOLDER },
    ]);
  });

  it('streams a long binary capture: JSON lines as frames come, memory flat (not per frame)', async () => {
    // 8 MiB of tag answers, round summaries and noise: about 280 000 frames. Kept in memory as records,
    // the way decode used to, that is over half a GB; streamed, the heap stays within a few tens of MB.
    const frames = [
      encodeTagAnswer(1, { antenna: 1, epc: fromHex(FOLDER_EPC), rssiRaw: 80 }),
      encodeTagAnswer(1, { antenna: 2, epc: fromHex(FOREIGN_OTHER), rssiRaw: 70, phase: 0x1234 }),
      encodeRoundSummary(1, 2, 40, 2),
      Buffer.from([0x00, 0x13, 0x55]), // noise: one skipped line per block
    ];
    const block = Buffer.concat(Array.from({ length: 1000 }, () => frames).flat());
    const file = join(dir, 'long-capture.bin');
    const copies = Math.ceil((8 * 1024 * 1024) / block.length);
    writeFileSync(file, Buffer.concat(Array.from({ length: copies }, () => block)));
    const expectedFrames = copies * 1000 * 3;

    let lines = 0;
    let last = '';
    const samples: number[] = [];
    const base = process.memoryUsage().heapUsed;
    // A spy keeps every call's arguments: clear them as we go, so only decode's own memory is measured.
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      lines++;
      last = String(line);
      if (lines % 10_000 === 0) {
        log.mockClear();
        samples.push(process.memoryUsage().heapUsed - base);
      }
    });
    let code: number;
    try {
      code = await HARDWARE_COMMANDS.decode!.run(['--protocol', 'r2000', `@${file}`], {
        DANGAN_CONFIG: configFile,
      });
    } finally {
      log.mockRestore();
    }
    expect(code).toBe(0);
    const summary = JSON.parse(last) as Record<string, unknown>;
    expect(summary).toMatchObject({
      type: 'summary',
      frames: expectedFrames,
      tags: (expectedFrames * 2) / 3,
    });
    expect(lines).toBeGreaterThan(expectedFrames); // frames, skipped runs and the summary
    // The heap saw-tooths between collections; what a collection leaves in the second half of the run is
    // what decode retains. Kept per frame (~2 KB each) it would be hundreds of MB by then.
    const second = samples.slice(Math.floor(samples.length / 2));
    expect(second.length).toBeGreaterThan(10);
    expect(Math.min(...second)).toBeLessThan(48 * 1024 * 1024);
  }, 60_000);

  it('decodes scans with their AIM symbology, raw bytes and character set', async () => {
    const utf8 = Buffer.concat([
      encodeScan(FOLDER, { aim: ']C0', suffix: 'CRLF' }),
      encodeScan('档案', { aim: ']Q1', suffix: 'CR' }),
      encodeScan('800495212341000001234', { aim: ']C1', suffix: 'STX-ETX' }),
    ]);
    const r = await run('decode', ['--protocol', 'barcode', utf8.toString('hex')]);
    expect(r.code).toBe(0);
    const [code128, qr, gs1, summary] = json(r.out);
    expect(code128).toMatchObject({
      type: 'scan',
      code: FOLDER,
      symbology: { id: ']C0', name: 'Code 128' },
      raw: toHex(Buffer.from(`]C0${FOLDER}`), ' '),
      itemId: FOLDER,
    });
    expect(qr).toMatchObject({ code: '档案', symbology: { id: ']Q1', name: 'QR Code' }, itemId: null });
    expect(gs1).toMatchObject({
      code: '800495212341000001234',
      symbology: { name: 'GS1-128' },
      itemId: FOLDER,
    });
    expect(summary).toMatchObject({ type: 'summary', scans: 3 });

    const gbk = encodeScan('档案', { aim: ']Q1', encoding: 'gbk', suffix: 'CR' });
    const g = await run('decode', ['--protocol', 'barcode', '--encoding', 'gbk', gbk.toString('hex')]);
    expect(json(g.out)[0]).toMatchObject({ code: '档案', raw: toHex(gbk.subarray(0, -1), ' ') });
  });

  it.each(['r2000', 'chafon'] as const)(
    'decodes every good %s frame of a noisy capture file and counts the noise',
    async (protocol) => {
      const epcs = [FOLDER_EPC, itemIdToEpc('F000000007', { companyPrefix: PREFIX }), FOREIGN_GIAI];
      const frames =
        protocol === 'r2000'
          ? [
              ...epcs.map((e, i) => encodeTagAnswer(1, { antenna: 1 + i, epc: fromHex(e), rssiRaw: 80 })),
              encodeRoundSummary(1, 1, 30, 3),
            ]
          : epcs.map((e, i) => encodeInventoryAnswer288(0, 1, 1 << i, [{ epc: fromHex(e), rssi: 70 }]));
      const noise = [
        Buffer.from([0xa0, 0x05]), // a stray header and length: must not swallow the next frame
        Buffer.from([0x13, 0x37, 0xa0, 0xff, 0x00, 0x42]),
        frames[0]!.subarray(0, 9), // a torn frame
        Buffer.from([0x55, 0xa0]),
      ];
      const parts: Buffer[] = [];
      frames.forEach((f, i) => parts.push(noise[i]!, f));
      const capture = Buffer.concat(parts);
      const binFile = join(dir, `${protocol}-noisy.bin`);
      writeFileSync(binFile, capture);
      // The same capture as a hex dump, 16 bytes a line, as people paste it.
      const txtFile = join(dir, `${protocol}-noisy.txt`);
      const hex = toHex(capture, ' ')
        .match(/.{1,48}/g)!
        .join('\n');
      writeFileSync(txtFile, `${hex}\n`);

      for (const file of [binFile, txtFile]) {
        const r = await run('decode', ['--protocol', protocol, `@${file}`]);
        expect(r.code, r.err).toBe(0);
        const records = json(r.out);
        const decoded = records.filter((x) => x.type === 'frame');
        expect(decoded.map((f) => f.hex)).toEqual(frames.map((f) => toHex(f, ' ')));
        const tagged = decoded.flatMap((f) => (f.tags as { epc: string; itemId: string | null }[]) ?? []);
        expect(tagged.map((t) => [t.epc, t.itemId])).toEqual([
          [epcs[0], FOLDER],
          [epcs[1], 'F000000007'],
          [epcs[2], null],
        ]);
        const skipped = records.filter((x) => x.type === 'skipped');
        expect(skipped.map((s) => s.length)).toEqual(noise.slice(0, frames.length).map((n) => n.length));
        const noiseBytes = noise.slice(0, frames.length).reduce((n, b) => n + b.length, 0);
        expect(records.at(-1)).toMatchObject({
          type: 'summary',
          bytes: capture.length,
          frames: frames.length,
          tags: 3,
          checksumErrors: frames.length, // one per run of noise
          droppedBytes: noiseBytes,
        });
      }
    },
  );

  it('rejects bad hex with exit 1 naming the position, and usage mistakes with exit 2', async () => {
    const bad = await runProcess(['decode', '--protocol', 'r2000', 'A0 03 FF 7G EC']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad hex at position 11: "G" is not a hex digit/);
    expect(bad.stdout).toBe('');

    const odd = await run('decode', ['--protocol', 'r2000', 'A0 03 FF 7 EC']);
    expect(odd.code).toBe(1);
    expect(odd.err).toMatch(/9 hex digits .*group at position 10/);

    const file = join(dir, 'bad.txt');
    writeFileSync(file, 'A0 03 FF 72 EC\nA0 04 01 89 FF ZZ\n');
    const inFile = await run('decode', ['--protocol', 'r2000', '--input', 'hex', `@${file}`]);
    expect(inFile.code).toBe(1);
    expect(inFile.err).toMatch(/line 2, column 16/);

    const missing = await run('decode', ['--protocol', 'r2000', `@${join(dir, 'nope.bin')}`]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot read capture file .*nope\.bin/);

    const usage = await runProcess(['decode', 'A0 03 FF 72 EC']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--protocol is required[\s\S]*usage: dangan decode/);
    expect((await run('decode', ['--protocol', 'zpl', 'A0'])).code).toBe(2);
  });
});

// ---- epc --------------------------------------------------------------------------------------------

describe('dangan epc', () => {
  it('encodes ids and decodes the EPCs back to the same ids', async () => {
    const ids = [FOLDER, 'B000000001', 'K999999999', 'U123456789'];
    const enc = await run('epc', ['encode', ...ids]);
    expect(enc.code).toBe(0);
    expect(enc.out[0]).toBe(FOLDER_EPC);
    expect(enc.out.every((l) => /^[0-9A-F]{24}$/.test(l))).toBe(true);

    const dec = await run('epc', ['decode', ...enc.out.map((e) => e.toLowerCase())]);
    expect(dec.code).toBe(0);
    expect(json(dec.out)).toEqual(
      ids.map((id, i) => ({
        epc: enc.out[i],
        scheme: 'giai-96',
        filter: 0,
        companyPrefix: PREFIX,
        assetReference: expect.stringMatching(/^[1-6]\d{9}$/),
        itemId: id,
      })),
    );
  });

  it('gives itemId null for foreign EPCs and says why', async () => {
    const r = await run('epc', ['decode', FOREIGN_GIAI, FOREIGN_OTHER]);
    expect(r.code).toBe(0);
    const [giai, other] = json(r.out);
    expect(giai).toMatchObject({
      scheme: 'giai-96',
      filter: 3,
      companyPrefix: '0614141',
      assetReference: '12345400',
      itemId: null,
    });
    expect(giai!.note).toMatch(/0614141 is not the configured 9521234/);
    expect(other).toMatchObject({
      scheme: expect.stringMatching(/^unknown/),
      companyPrefix: null,
      itemId: null,
    });
  });

  it('uses the configured company prefix, and --prefix over it', async () => {
    const cfg = writeConfig('prefix.json', { hardware: { epcCompanyPrefix: '0614141' } });
    const own = await run('epc', ['encode', FOLDER], { DANGAN_CONFIG: cfg });
    expect(own.out[0]).not.toBe(FOLDER_EPC);
    const back = await run('epc', ['decode', own.out[0]!], { DANGAN_CONFIG: cfg });
    expect(json(back.out)[0]).toMatchObject({ companyPrefix: '0614141', itemId: FOLDER });
    const flag = await run('epc', ['encode', '--prefix', PREFIX, FOLDER], { DANGAN_CONFIG: cfg });
    expect(flag.out).toEqual([FOLDER_EPC]);
  });

  it('names every bad argument and prints nothing (exit 1)', async () => {
    const enc = await run('epc', ['encode', FOLDER, 'X000001234', 'F00000123', 'F00000123A']);
    expect(enc.code).toBe(1);
    expect(enc.out).toEqual([]);
    expect(enc.err).toMatch(/"X000001234": unknown kind letter "X"/);
    expect(enc.err).toMatch(/"F00000123": 8 digits/);
    expect(enc.err).toMatch(/"F00000123A": "A" at position 10 is not a digit/);

    const dec = await run('epc', ['decode', '3416452148', 'ZZ164521480000003B9ACED2']);
    expect(dec.code).toBe(1);
    expect(dec.err).toMatch(/"3416452148": an EPC here is 96 bits = 24 hex digits, got 10/);
    expect(dec.err).toMatch(/"ZZ164521480000003B9ACED2": bad hex at position 1/);

    expect((await run('epc', ['encode', '--prefix', '12', FOLDER])).code).toBe(1);
    expect((await run('epc', ['translate', FOLDER])).code).toBe(2);
    expect((await run('epc', ['decode'])).code).toBe(2);
  });
});

// ---- devices and listen over pseudo-terminals -------------------------------------------------------

describe('dangan devices and listen on pseudo-terminals', () => {
  async function pty(name: string) {
    const p = await startPtyPair(join(dir, `${name}-host`), join(dir, `${name}-dev`));
    cleanups.push(() => p.kill('SIGKILL'));
    const far = await openSimPort(p.devicePath);
    cleanups.push(() => closeSimPort(far));
    return { ...p, far };
  }

  it('devices --json: a simulated R2000 on a pty is connected with frames counted; a missing path is disconnected', async () => {
    const cab = await pty('cab');
    const sim = new R2000Simulator({ answerDelayMs: 5 });
    sim.addTag(1, FOLDER_EPC);
    cleanups.push(sim.attach(cab.far));
    const cfg = writeConfig('devices.json', {
      hardware: {
        devices: [
          {
            id: 'cab-1',
            protocol: 'r2000',
            role: 'cabinet-reader',
            identity: { path: cab.hostPath },
            framing: { baudRate: 115200 },
            binding: { cabinetId: 'C1', shelves: { '1': 'C1-S1' } },
          },
          {
            id: 'door-scan',
            protocol: 'barcode',
            role: 'kiosk-scanner',
            identity: { path: join(dir, 'no-such-tty') },
            framing: { baudRate: 9600 },
            binding: { stationId: 'kiosk-1' },
          },
        ],
      },
    });
    const r = await runProcess(['devices', '--json', '--probe-ms', '1200'], { DANGAN_CONFIG: cfg });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      devices: { id: string; protocol: string; binding: unknown; health: Record<string, unknown> }[];
      ports: { source: string; listError: string | null };
    };
    const byId = Object.fromEntries(doc.devices.map((d) => [d.id, d]));
    expect(byId['cab-1']).toMatchObject({ protocol: 'r2000', binding: { cabinetId: 'C1' } });
    expect(byId['cab-1']!.health).toMatchObject({
      health: 'connected',
      path: cab.hostPath,
      checksumErrors: 0,
    });
    expect(byId['cab-1']!.health.framesIn).toBeGreaterThan(0);
    expect(byId['cab-1']!.health.bytesIn).toBeGreaterThan(0);
    expect(byId['cab-1']!.health.lastSeen).toEqual(expect.any(String));
    expect((byId['cab-1']!.health.events as { tags: number }).tags).toBeGreaterThan(0);
    expect(byId['door-scan']!.health).toMatchObject({ health: 'disconnected', framesIn: 0, lastSeen: null });
    expect(byId['door-scan']!.health.note).toMatch(/does not exist/);
    // In a container SerialPort.list() rejects (spawn udevadm ENOENT): said on stderr, and the run goes on.
    if (doc.ports.listError) expect(r.stderr).toContain(doc.ports.listError);

    const people = await run('devices', ['--probe-ms', '0'], { DANGAN_CONFIG: cfg });
    expect(people.code).toBe(0);
    expect(people.out.join('\n')).toMatch(/cab-1\s+r2000\s+cabinet-reader/);
  });

  it('listen prints a scan typed on the far end of a scanner pty, and stops on Ctrl-C', async () => {
    const scan = await pty('scan');
    const cfg = writeConfig('listen.json', {
      hardware: {
        devices: [
          {
            id: 'door-scan',
            protocol: 'barcode',
            role: 'kiosk-scanner',
            identity: { path: scan.hostPath },
            framing: { baudRate: 9600 },
            binding: { stationId: 'kiosk-1' },
          },
        ],
      },
    });
    const p = start(['listen', 'door-scan'], { DANGAN_CONFIG: cfg });
    const lines = () =>
      p
        .stdout()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    await waitFor(
      () => lines().some((l) => l.type === 'status' && l.state === 'connected'),
      10_000,
      'connected',
    );
    await new Promise((r) => setTimeout(r, 200)); // past the scanner's open-grace window
    new BarcodeScannerSim(scan.far, { suffix: 'CRLF', aim: ']C0' }).scan(FOLDER);
    await waitFor(() => lines().some((l) => l.type === 'scan'), 5000, 'the scan line');
    expect(lines().find((l) => l.type === 'scan')).toMatchObject({
      deviceId: 'door-scan',
      code: FOLDER,
      symbology: { id: ']C0', name: 'Code 128' },
      itemId: FOLDER,
    });
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    expect(lines().at(-1)).toMatchObject({ type: 'status', final: true, framesIn: 1 });
  });

  it('listen on an unknown device id exits 1 listing the configured ids', async () => {
    const cfg = writeConfig('ids.json', {
      hardware: {
        devices: ['a-scan', 'b-scan'].map((id) => ({
          id,
          protocol: 'barcode',
          role: 'kiosk-scanner',
          identity: { path: join(dir, id) },
          framing: { baudRate: 9600 },
          binding: { stationId: 'kiosk-1' },
        })),
      },
    });
    const r = await run('listen', ['c-scan', '--seconds', '1'], { DANGAN_CONFIG: cfg });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown device "c-scan"; configured: a-scan, b-scan/);
    expect((await run('listen', [], { DANGAN_CONFIG: cfg })).code).toBe(2);
  });
});
