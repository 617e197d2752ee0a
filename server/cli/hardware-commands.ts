// The installer's tools: `dangan decode`, `dangan epc`, `dangan devices`, `dangan listen`. Results go to
// stdout (JSON lines, or a table for people), problems to stderr. Exit 0 on success, 1 on bad input (the
// message names the argument, position, device or file), 2 on usage errors. The lead spreads
// HARDWARE_COMMANDS into COMMANDS (server/cli/registry.ts).
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { SerialPort } from 'serialport';
import { loadConfig } from '../config.js';
import type { Config } from '../config.js';
import type { DeviceConfig } from '../../hardware/index.js';
import type { Command } from './command.js';
import { InputError, UsageError } from './hardware-errors.js';
import { createCaptureDecoder, DECODE_PROTOCOLS, looksLikeHexText, parseHexText } from './hardware-decode.js';
import type { ChafonFamilyChoice, DecodeProtocol } from './hardware-decode.js';
import { describeEpcs, encodeItemIds } from './hardware-epc.js';
import { detectPorts, listen, LISTEN_EVENTS, probeDevices } from './hardware-probe.js';
import type { DetectedPorts, DeviceHealth, ListenEvent } from './hardware-probe.js';

type Env = Record<string, string | undefined>;
type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when stdout can take more (a slow pipe must not make output pile up in memory). */
  drain(): Promise<void>;
}

const consoleIo: Io = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  drain: async () => {
    if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
  },
};

interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

function parse(args: string[], options: Options): Parsed {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Wraps a command body: usage and input errors become messages and exit codes 2 and 1. */
function command(
  name: string,
  usage: string,
  summary: string,
  help: string,
  body: (args: string[], env: Env, io: Io) => Promise<number>,
): Command {
  return {
    usage,
    summary,
    run: async (args, env) => {
      const io = consoleIo;
      if (args.includes('--help') || args.includes('-h')) {
        io.out(`usage: dangan ${usage}\n\n${summary}\n\n${help}`);
        return 0;
      }
      try {
        return await body(args, env, io);
      } catch (err) {
        if (err instanceof UsageError) {
          io.err(`dangan ${name}: ${err.message}\nusage: dangan ${usage}`);
          return 2;
        }
        if (err instanceof InputError) {
          io.err(`dangan ${name}: ${err.message}`);
          return 1;
        }
        throw err;
      }
    },
  };
}

function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], def: T): T {
  if (value === undefined) return def;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} ${JSON.stringify(value)}: expected one of ${allowed.join(', ')}`);
}

function numberFlag(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${flag} ${JSON.stringify(value)}: expected a number from ${min} to ${max}`);
  }
  return n;
}

function configFrom(env: Env, hint = ''): Config {
  try {
    return loadConfig({ env });
  } catch (err) {
    throw new InputError(`${(err as Error).message}${hint}`);
  }
}

/** `--prefix` wins; otherwise the configured hardware.epcCompanyPrefix. */
function companyPrefix(flag: string | undefined, env: Env): string {
  if (flag !== undefined) {
    if (!/^\d{6,12}$/.test(flag)) {
      throw new InputError(`--prefix ${JSON.stringify(flag)}: a GS1 company prefix is 6 to 12 digits`);
    }
    return flag;
  }
  return configFrom(env, ' (or pass --prefix)').hardware.epcCompanyPrefix;
}

// ---- decode -----------------------------------------------------------------------------------------

const DECODE_USAGE = 'decode --protocol <barcode|r2000|chafon> <hex | @file> [--encoding utf8|gbk]';

const DECODE_HELP = `Decodes captured serial bytes into JSON lines: one per verified frame (r2000, chafon) or scanned
code (barcode), a "skipped" line per run of bytes that framed as nothing, and a final summary
{frames, tags, checksumErrors, droppedBytes, ...}. Tags carry the item id their EPC maps to (or null).

Input: hex on the command line (spaces, colons, commas, 0x or \\x prefixes allowed; several arguments
are joined), or @path to a file: a binary capture, or a text file of hex (detected when every non-space
character is hex). @- reads standard input.

Options:
  --protocol barcode|r2000|chafon   what the bytes are (required)
  --encoding utf8|gbk|...           barcode character set (default utf8)
  --family auto|uhfreader18|uhfreader288   Chafon answer layout (default auto: 288, then 18)
  --input auto|hex|binary           how to read @file (default auto)
  --prefix <digits>                 GS1 company prefix for EPC -> item id (default: configuration)`;

/** Bytes to decode: small inputs whole (hex text), captures as a stream of chunks. */
type Capture = { bytes: Buffer } | { chunks: AsyncIterable<Buffer> };

/** Enough of a capture to tell hex text from a binary capture. */
const SNIFF_BYTES = 64 * 1024;

async function readCapture(
  positionals: string[],
  input: 'auto' | 'hex' | 'binary',
  io: Io,
  protocol: string,
): Promise<Capture> {
  const files = positionals.filter((p) => p.startsWith('@'));
  if (files.length === 0) {
    if (input === 'binary') throw new UsageError('--input binary applies to an @file');
    return { bytes: parseHexText(positionals.join(' ')) };
  }
  if (positionals.length > 1) throw new UsageError('give either hex arguments or one @file, not both');
  const file = positionals[0]!.slice(1);
  const stream: Readable =
    file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 64 * 1024 });
  const source = readChunks(stream, file)[Symbol.asyncIterator]();
  // Read a first slice to tell hex text from a binary capture; a binary capture is then streamed.
  const head: Buffer[] = [];
  let headBytes = 0;
  let done = false;
  while (input !== 'binary' && headBytes < SNIFF_BYTES) {
    const next = await source.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const sample = Buffer.concat(head);
  const rest = async function* (): AsyncGenerator<Buffer> {
    if (sample.length > 0) yield sample;
    if (done) return;
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
  };
  if (input === 'binary' || !(input === 'hex' || looksLikeHexText(sample))) return { chunks: rest() };
  // Hex text: read it whole (hex dumps are small next to captures) and parse it with positions.
  const parts: Buffer[] = [];
  for await (const c of rest()) parts.push(c);
  const bytes = Buffer.concat(parts);
  if (input === 'hex') {
    try {
      return { bytes: parseHexText(bytes.toString('latin1')) };
    } catch (err) {
      throw new InputError(`${file}: ${(err as Error).message}`);
    }
  }
  if (!looksLikeHexText(bytes)) return { bytes };
  if (protocol === 'barcode') {
    io.err(
      `dangan decode: note: ${file} reads as hex text (every non-space character is a hex digit); ` +
        'pass --input binary if it is a raw capture of codes made of hex characters',
    );
  }
  return { bytes: parseHexText(bytes.toString('latin1')) };
}

async function* readChunks(stream: Readable, file: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
  } catch (err) {
    throw new InputError(`cannot read capture file ${file}: ${(err as Error).message}`);
  }
}

const decodeCommand = command(
  'decode',
  DECODE_USAGE,
  'decode captured serial bytes (reader frames, scans) into JSON lines',
  DECODE_HELP,
  async (args, env, io) => {
    const { values, positionals } = parse(args, {
      protocol: { type: 'string' },
      encoding: { type: 'string' },
      family: { type: 'string' },
      input: { type: 'string' },
      prefix: { type: 'string' },
    });
    const v = values as Record<string, string | undefined>;
    if (v.protocol === undefined) throw new UsageError('--protocol is required (barcode, r2000 or chafon)');
    const protocol = choice<DecodeProtocol>('protocol', v.protocol, DECODE_PROTOCOLS, 'r2000');
    if (v.encoding !== undefined && protocol !== 'barcode') {
      throw new UsageError('--encoding applies to --protocol barcode');
    }
    if (v.family !== undefined && protocol !== 'chafon')
      throw new UsageError('--family applies to --protocol chafon');
    const family = choice<ChafonFamilyChoice>(
      'family',
      v.family,
      ['auto', 'uhfreader18', 'uhfreader288'],
      'auto',
    );
    const input = choice('input', v.input, ['auto', 'hex', 'binary'] as const, 'auto');
    if (positionals.length === 0) throw new UsageError('give the bytes: hex arguments or @file');
    const prefix = companyPrefix(v.prefix, env);
    const capture = await readCapture(positionals, input, io, protocol);
    // Records are written as the frames come and nothing is kept: memory stays flat on long captures.
    const decoder = createCaptureDecoder(
      protocol,
      { companyPrefix: prefix, family, ...(v.encoding ? { encoding: v.encoding } : {}) },
      (r) => io.out(JSON.stringify(r)),
    );
    let total = 0;
    const chunks = 'bytes' in capture ? [capture.bytes] : capture.chunks;
    for await (const chunk of chunks) {
      total += chunk.length;
      decoder.push(chunk);
      await io.drain();
    }
    if (total === 0) throw new InputError('no bytes to decode: the input is empty');
    decoder.end();
    return 0;
  },
);

// ---- epc --------------------------------------------------------------------------------------------

const EPC_USAGE = 'epc encode <barcode-id>... | decode <epc>... [--prefix P]';

const EPC_HELP = `encode: prints the GIAI-96 EPC (24 hex digits) of each item id (F000001234 ...), one per line
        (--json: {"itemId","epc"} lines).
decode: prints {"epc","scheme","filter","companyPrefix","assetReference","itemId"} per EPC; itemId is null
        for tags that are not ours (another scheme or company prefix), with a "note" saying why.
The company prefix is hardware.epcCompanyPrefix from the configuration unless --prefix is given.
All arguments are checked first: any bad one is named on stderr and nothing is printed (exit 1).`;

const epcCommand = command(
  'epc',
  EPC_USAGE,
  'barcode id <-> EPC (GIAI-96) by hand',
  EPC_HELP,
  async (args, env, io) => {
    const { values, positionals } = parse(args, { prefix: { type: 'string' }, json: { type: 'boolean' } });
    const [sub, ...items] = positionals;
    if (sub !== 'encode' && sub !== 'decode') {
      throw new UsageError(
        sub === undefined ? 'say encode or decode' : `unknown subcommand ${JSON.stringify(sub)}`,
      );
    }
    if (items.length === 0)
      throw new UsageError(`epc ${sub} needs at least one ${sub === 'encode' ? 'item id' : 'EPC'}`);
    const prefix = companyPrefix(values.prefix as string | undefined, env);
    if (sub === 'encode') {
      for (const e of encodeItemIds(items, prefix)) io.out(values.json ? JSON.stringify(e) : e.epc);
    } else {
      for (const d of describeEpcs(items, prefix)) io.out(JSON.stringify(d));
    }
    return 0;
  },
);

// ---- devices ----------------------------------------------------------------------------------------

const DEVICES_USAGE = 'devices [--json] [--probe-ms N]';

const DEVICES_HELP = `Lists the configured devices (hardware.devices), the serial ports this machine shows, and the
health of each enabled device after opening it for a probe window, exactly as the server would:
  connected     the port is open (a reader answered; a scanner may simply be silent)
  unhealthy     open, but a polled reader sent no verified frame in the window
  disconnected  not present, or the open failed (lastError says why; "lock" = in use by the server?)
Stop the server first: a port can be open in one process only.
Options:
  --json         one JSON document instead of tables
  --probe-ms N   how long to keep the devices open (default 1500; 0 lists without opening)`;

function identityText(d: DeviceConfig): string {
  const parts: string[] = [];
  if (d.identity.byId) parts.push(d.identity.byId);
  if (d.identity.usb) {
    const u = d.identity.usb;
    parts.push(`usb ${u.vendorId}:${u.productId}${u.serialNumber ? ` sn ${u.serialNumber}` : ''}`);
  }
  if (d.identity.path) parts.push(d.identity.path);
  return parts.join(' | ');
}

function bindingText(d: DeviceConfig): string {
  const b = d.binding as
    { stationId?: string; cabinetId?: string; shelves?: Record<string, string> } | undefined;
  if (!b) return '-';
  if (b.stationId) return `station ${b.stationId}`;
  const shelves = b.shelves
    ? ' ' +
      Object.entries(b.shelves)
        .map(([a, s]) => `${a}=${s}`)
        .join(',')
    : '';
  return `cabinet ${b.cabinetId ?? '?'}${shelves}`;
}

function ago(isoTime: string | null): string {
  if (!isoTime) return 'never';
  const s = (Date.now() - Date.parse(isoTime)) / 1000;
  return s < 60 ? `${s.toFixed(1)} s ago` : new Date(isoTime).toLocaleString();
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function deviceJson(d: DeviceConfig, h: DeviceHealth | undefined) {
  return {
    id: d.id,
    protocol: d.protocol,
    role: d.role,
    enabled: d.enabled,
    identity: d.identity,
    framing: d.framing,
    binding: d.binding ?? null,
    health: h ?? null,
  };
}

function printDevicesTable(
  io: Io,
  devices: readonly DeviceConfig[],
  health: Map<string, DeviceHealth>,
  detected: DetectedPorts,
  probeMs: number,
): void {
  if (devices.length === 0) {
    io.out('No devices configured (hardware.devices in dangan.config.json or the DANGAN_CONFIG file).');
  } else {
    io.out(`Configured devices (${devices.length})`);
    const rows = devices.map((d) => [
      d.id,
      d.protocol,
      d.role,
      identityText(d),
      String(d.framing.baudRate),
      bindingText(d),
    ]);
    for (const l of table(['ID', 'PROTOCOL', 'ROLE', 'IDENTITY', 'BAUD', 'BINDING'], rows)) io.out(`  ${l}`);
    io.out('');
    if (probeMs > 0 || health.size > 0) {
      io.out(probeMs > 0 ? `Health after a ${probeMs} ms probe` : 'Health (not probed)');
      const hrows = devices.map((d) => {
        const h = health.get(d.id);
        if (!h) return [d.id, 'not probed', '-', '-', '-', '-', '-', ''];
        return [
          d.id,
          h.health,
          h.path ?? '-',
          String(h.bytesIn),
          String(h.framesIn),
          String(h.checksumErrors),
          ago(h.lastSeen),
          h.note ?? h.lastError ?? '',
        ];
      });
      const header = ['ID', 'HEALTH', 'PATH', 'BYTES IN', 'FRAMES IN', 'CHECKSUM ERR', 'LAST SEEN', 'NOTE'];
      for (const l of table(header, hrows)) io.out(`  ${l}`);
      io.out('');
    }
  }
  const via = detected.source === 'serialport' ? 'SerialPort.list()' : 'reading /dev (no USB ids)';
  io.out(`Serial ports on this machine (${via}): ${detected.ports.length}`);
  if (detected.ports.length > 0) {
    const rows = detected.ports.map((p) => [
      p.path,
      p.vendorId ? `${p.vendorId}:${p.productId ?? '?'}` : '-',
      p.serialNumber ?? '-',
      p.manufacturer ?? '-',
      p.configuredAs ?? '-',
    ]);
    for (const l of table(['PATH', 'USB ID', 'SERIAL', 'MANUFACTURER', 'CONFIGURED AS'], rows))
      io.out(`  ${l}`);
  }
}

const devicesCommand = command(
  'devices',
  DEVICES_USAGE,
  'configured serial devices, detected ports and their health after a short probe',
  DEVICES_HELP,
  async (args, env, io) => {
    const { values, positionals } = parse(args, {
      json: { type: 'boolean' },
      'probe-ms': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const probeMs = numberFlag('probe-ms', values['probe-ms'] as string | undefined, 0, 60_000) ?? 1500;
    const devices = configFrom(env).hardware.devices;
    const detected = await detectPorts(devices);
    if (detected.listError) {
      io.err(
        `dangan devices: SerialPort.list() failed (${detected.listError}); listed /dev instead, ` +
          'and usb identities fall back to their configured path',
      );
    }
    const health = await probeDevices(devices, probeMs, detected.lister);
    if (values.json) {
      const { lister: _lister, ...ports } = detected;
      io.out(
        JSON.stringify(
          { probeMs, devices: devices.map((d) => deviceJson(d, health.get(d.id))), ports },
          null,
          2,
        ),
      );
    } else {
      printDevicesTable(io, devices, health, detected, probeMs);
    }
    return 0;
  },
);

// ---- listen -----------------------------------------------------------------------------------------

const LISTEN_USAGE = 'listen <device-id> [--seconds N]';

const LISTEN_HELP = `Opens one configured device through the hardware hub and prints its events as JSON lines until
Ctrl-C or --seconds: scan, tag (with the item id and shelf), round, readerError, status (state changes,
and a final line with the counters). Stop the server first: a port can be open in one process only.
Options:
  --seconds N        stop after N seconds
  --events a,b       only these of ${LISTEN_EVENTS.join(', ')} (rounds are many: e.g. --events scan,tag,status)
  --status-every N   also print the status counters every N seconds (default 0: on changes only)
  --prefix <digits>  GS1 company prefix for EPC -> item id (default: configuration)`;

/** Where a closed stdout pipe (`dangan listen x | head`) is reported: once EPIPE, every write fails. */
let onStdoutError: (() => void) | null = null;
let stdoutGuarded = false;

/** Resolves on the first Ctrl-C / SIGTERM (or a closed stdout pipe); `dispose` removes the handlers. */
function interruption(): { promise: Promise<void>; dispose: () => void } {
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    process.stdout.on('error', () => onStdoutError?.());
  }
  let dispose = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    onStdoutError = stop;
    dispose = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (onStdoutError === stop) onStdoutError = null;
    };
  });
  return { promise, dispose };
}

const listenCommand = command(
  'listen',
  LISTEN_USAGE,
  'print live events (scans, tags, rounds, errors, status) of one configured device',
  LISTEN_HELP,
  async (args, env, io) => {
    const { values, positionals } = parse(args, {
      seconds: { type: 'string' },
      events: { type: 'string' },
      'status-every': { type: 'string' },
      prefix: { type: 'string' },
    });
    const v = values as Record<string, string | undefined>;
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? 'which device? give its id' : 'give one device id');
    }
    const seconds = numberFlag('seconds', v.seconds, 0.1, 7 * 24 * 3600) ?? null;
    const statusEvery = numberFlag('status-every', v['status-every'], 0, 24 * 3600) ?? 0;
    const events = new Set<ListenEvent>(
      (v.events ?? LISTEN_EVENTS.join(','))
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean)
        .map((e) => choice<ListenEvent>('events', e, LISTEN_EVENTS, 'status')),
    );
    const config = configFrom(env);
    const id = positionals[0]!;
    const devices = config.hardware.devices;
    const device = devices.find((d) => d.id === id);
    if (!device) {
      throw new InputError(
        devices.length === 0
          ? `unknown device ${JSON.stringify(id)}: no devices are configured (hardware.devices)`
          : `unknown device ${JSON.stringify(id)}; configured: ${devices.map((d) => d.id).join(', ')}`,
      );
    }
    if (!device.enabled)
      io.err(`dangan listen: note: ${id} is disabled in the configuration; opening it anyway`);
    const prefix = v.prefix !== undefined ? companyPrefix(v.prefix, env) : config.hardware.epcCompanyPrefix;
    const stop = interruption();
    try {
      await listen(device, {
        seconds,
        events,
        companyPrefix: prefix,
        statusEveryMs: statusEvery * 1000,
        lister: () => SerialPort.list(),
        interrupted: stop.promise,
        out: io.out,
        err: io.err,
      });
    } finally {
      stop.dispose();
    }
    return 0;
  },
);

export const HARDWARE_COMMANDS: Record<string, Command> = {
  decode: decodeCommand,
  epc: epcCommand,
  devices: devicesCommand,
  listen: listenCommand,
};
