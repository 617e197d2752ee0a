// Printer transports against real sockets, streams and directories.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BrowserTransport,
  isLabelError,
  layoutLabel,
  printLabels,
  renderHtmlPage,
  renderJob,
  SerialTransport,
  SpoolTransport,
  TcpTransport,
  type LabelErrorCode,
} from '../../labels/index.js';
import { FOLDER, SAMPLES } from './helpers/samples.js';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  // A paused or half-open connection would keep server.close() waiting forever.
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function track(server: net.Server): net.Server {
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  servers.push(server);
  return server;
}

/** A printer on port 0 that records each connection's bytes until the client half-closes. */
async function fakePrinter(
  onSocket?: (s: net.Socket) => void,
): Promise<{ port: number; jobs: Promise<Buffer>[] }> {
  const jobs: Promise<Buffer>[] = [];
  const server = net.createServer((socket) => {
    jobs.push(
      new Promise((resolve) => {
        const chunks: Buffer[] = [];
        socket.on('data', (c) => chunks.push(c));
        socket.on('end', () => {
          socket.end();
          resolve(Buffer.concat(chunks));
        });
        socket.on('error', () => resolve(Buffer.concat(chunks)));
      }),
    );
    onSocket?.(socket);
  });
  track(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, jobs };
}

async function codeOf(p: Promise<unknown>): Promise<LabelErrorCode | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (isLabelError(e)) return e.code;
    throw e;
  }
}

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('TCP 9100 transport', () => {
  it('delivers exactly the bytes of a print job', async () => {
    const printer = await fakePrinter();
    const job = await renderJob([layoutLabel(FOLDER)], { format: 'zpl', zpl: { rfid: true } });
    const t = new TcpTransport({ host: '127.0.0.1', port: printer.port });
    await t.send(job);
    expect(printer.jobs).toHaveLength(1);
    expect((await printer.jobs[0]!).equals(job)).toBe(true);
  });

  it('delivers a large binary job intact, one connection per job', async () => {
    const printer = await fakePrinter();
    const big = randomBytes(3 * 1024 * 1024);
    const t = new TcpTransport({ host: '127.0.0.1', port: printer.port });
    await t.send(big);
    await t.send(Buffer.from('^XA^XZ'));
    expect(printer.jobs).toHaveLength(2);
    expect((await printer.jobs[0]!).equals(big)).toBe(true);
    expect((await printer.jobs[1]!).toString()).toBe('^XA^XZ');
  });

  it('finishes when the printer keeps its side open (after lingerMs)', async () => {
    const received: Buffer[] = [];
    // allowHalfOpen: the server does not answer our FIN, like printers that never hang up.
    const server = net.createServer({ allowHalfOpen: true }, (s) =>
      s.on('data', (c) => received.push(c)).on('error', () => {}),
    );
    track(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const started = Date.now();
    await new TcpTransport({ host: '127.0.0.1', port, lingerMs: 150 }).send(Buffer.from('PRINT 1,1\r\n'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await new Promise((r) => setTimeout(r, 20));
    expect(Buffer.concat(received).toString()).toBe('PRINT 1,1\r\n');
  });

  it('maps a refused connection to PRINTER_UNREACHABLE, in send and health', async () => {
    const t = new TcpTransport({ host: '127.0.0.1', port: await closedPort() });
    expect(await codeOf(t.send(Buffer.from('x')))).toBe('PRINTER_UNREACHABLE');
    const h = await t.health();
    expect(h).toMatchObject({ ok: false, code: 'PRINTER_UNREACHABLE' });
    expect(h.message).toContain('ECONNREFUSED');
  });

  it('times out a connect that never completes (PRINTER_TIMEOUT)', async () => {
    // A socket that is never connected stands in for a printer that drops our SYNs (this sandbox
    // answers connects to any address, so an unrouted IP cannot be used here).
    let socket: net.Socket | undefined;
    const t = new TcpTransport({
      host: '192.0.2.1',
      connectTimeoutMs: 200,
      connect: () => (socket = new net.Socket()),
    });
    const started = Date.now();
    expect(await codeOf(t.send(Buffer.from('x')))).toBe('PRINTER_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(socket!.destroyed).toBe(true);
    expect(await t.health()).toMatchObject({ ok: false, code: 'PRINTER_TIMEOUT' });
  });

  it('times out a printer that stops reading (PRINTER_TIMEOUT)', async () => {
    const printer = await fakePrinter((s) => s.pause());
    const t = new TcpTransport({ host: '127.0.0.1', port: printer.port, writeTimeoutMs: 400 });
    expect(await codeOf(t.send(randomBytes(64 * 1024 * 1024)))).toBe('PRINTER_TIMEOUT');
  });

  it('reports a printer that hangs up mid-job as PRINTER_WRITE_FAILED', async () => {
    const printer = await fakePrinter((s) => s.once('data', () => s.resetAndDestroy()));
    const t = new TcpTransport({ host: '127.0.0.1', port: printer.port });
    expect(await codeOf(t.send(randomBytes(32 * 1024 * 1024)))).toBe('PRINTER_WRITE_FAILED');
  });

  it('health is ok with a latency when the printer answers', async () => {
    const printer = await fakePrinter();
    const h = await new TcpTransport({ host: '127.0.0.1', port: printer.port }).health();
    expect(h.ok).toBe(true);
    expect(h.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('printLabels lays out, renders and sends one TSPL job', async () => {
    const printer = await fakePrinter();
    const t = new TcpTransport({ host: '127.0.0.1', port: printer.port });
    const inputs = SAMPLES.slice(0, 2).map((s) => s.input);
    const result = await printLabels(inputs, {}, { format: 'tspl' }, t);
    const expected = await renderJob(
      inputs.map((i) => layoutLabel(i)),
      { format: 'tspl' },
    );
    expect(result).toEqual({ labels: 2, bytes: expected.length });
    expect((await printer.jobs[0]!).equals(expected)).toBe(true);
  });
});

describe('serial transport', () => {
  it('writes the job to the port it is given', async () => {
    const port = new PassThrough();
    const chunks: Buffer[] = [];
    port.on('data', (c: Buffer) => chunks.push(c));
    const job = Buffer.from('SIZE 60 mm,40 mm\r\nPRINT 1,1\r\n');
    await new SerialTransport({ port }).send(job);
    expect(Buffer.concat(chunks).equals(job)).toBe(true);
  });

  it('asks the port manager for the current port each time', async () => {
    let current: PassThrough | undefined = undefined;
    const t = new SerialTransport({ port: () => current, name: 'COM3' });
    expect(await codeOf(t.send(Buffer.from('x')))).toBe('PRINTER_UNREACHABLE');
    expect(await t.health()).toMatchObject({ ok: false, code: 'PRINTER_UNREACHABLE' });
    current = new PassThrough();
    await t.send(Buffer.from('x'));
    expect((await t.health()).ok).toBe(true);
    current.destroy();
    expect(await codeOf(t.send(Buffer.from('x')))).toBe('PRINTER_UNREACHABLE');
  });

  it('fails with PRINTER_TIMEOUT on a port that never calls back, PRINTER_WRITE_FAILED on an error', async () => {
    const dead = new Writable({ write: () => {} });
    expect(
      await codeOf(new SerialTransport({ port: dead, writeTimeoutMs: 100 }).send(Buffer.from('x'))),
    ).toBe('PRINTER_TIMEOUT');
    const broken = new Writable({ write: (_c, _e, cb) => cb(new Error('EIO')) });
    broken.on('error', () => {});
    expect(await codeOf(new SerialTransport({ port: broken }).send(Buffer.from('x')))).toBe(
      'PRINTER_WRITE_FAILED',
    );
  });
});

describe('spool transport', () => {
  it('writes each job to its own file, whole, with unique names even within one millisecond', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'dangan-spool-')), 'queue');
    const fixed = new Date('2025-01-02T03:04:05.678Z');
    const t = new SpoolTransport({ dir, extension: '.zpl', now: () => fixed });
    const jobs = Array.from({ length: 20 }, (_, i) => Buffer.from(`^XA^FDjob ${i}^FS^XZ`));
    const paths = await Promise.all(jobs.map((j) => t.write(j)));
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(20);
    expect(files.every((f) => /^job-20250102T030405678Z-\d+-\d{6}-[0-9a-f]{6}\.zpl$/.test(f))).toBe(true);
    paths.forEach((p, i) => expect(readFileSync(p).equals(jobs[i]!)).toBe(true));
    expect((await t.health()).ok).toBe(true);
  });

  it('fails with SPOOL_WRITE_FAILED where it cannot write', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'dangan-spool-')), 'not-a-dir');
    writeFileSync(file, 'x');
    const t = new SpoolTransport({ dir: file });
    expect(await codeOf(t.send(Buffer.from('x')))).toBe('SPOOL_WRITE_FAILED');
    expect(await t.health()).toMatchObject({ ok: false, code: 'SPOOL_WRITE_FAILED' });
  });
});

describe('browser transport', () => {
  const html = Buffer.from(renderHtmlPage([layoutLabel(FOLDER)]), 'utf8');

  it('hands the HTML page to the sink', async () => {
    const pages: string[] = [];
    await new BrowserTransport({ deliver: (p) => void pages.push(p.html) }).send(html);
    expect(pages).toEqual([html.toString('utf8')]);
    expect(pages[0]).toContain('@page { size: 60mm 40mm; margin: 0 }');
  });

  it('queues pages without a sink, bounded, and refuses non-HTML jobs', async () => {
    const t = new BrowserTransport({ maxQueued: 2 });
    for (let i = 0; i < 3; i++) await t.send(html);
    expect(t.take()).toHaveLength(2);
    expect(t.take()).toHaveLength(0);
    expect(await codeOf(t.send(Buffer.from('^XA^XZ')))).toBe('LABEL_FORMAT_UNKNOWN');
  });

  it('maps a failing sink to PRINTER_UNREACHABLE', async () => {
    const t = new BrowserTransport({ deliver: () => Promise.reject(new Error('no browser connected')) });
    expect(await codeOf(t.send(html))).toBe('PRINTER_UNREACHABLE');
  });
});

describe('renderJob', () => {
  it('refuses to print EPC labels without encoding them when RFID is required', async () => {
    const l = [layoutLabel(FOLDER)];
    expect(await codeOf(renderJob(l, { format: 'pdf', rfidRequired: true }))).toBe(
      'PRINTER_RFID_UNSUPPORTED',
    );
    expect(await codeOf(renderJob(l, { format: 'zpl', rfidRequired: true }))).toBe(
      'PRINTER_RFID_UNSUPPORTED',
    );
    expect(
      (await renderJob(l, { format: 'zpl', zpl: { rfid: true }, rfidRequired: true })).toString(),
    ).toContain('^RFW');
    expect(
      (await renderJob(l, { format: 'tspl', tspl: { rfid: true }, rfidRequired: true })).length,
    ).toBeGreaterThan(0);
    const noEpc = [layoutLabel(SAMPLES[1]!.input)];
    expect(await codeOf(renderJob(noEpc, { format: 'pdf', rfidRequired: true }))).toBe('ok');
  });

  it('rejects an unknown format', async () => {
    expect(await codeOf(renderJob([layoutLabel(FOLDER)], { format: 'escpos' } as never))).toBe(
      'LABEL_FORMAT_UNKNOWN',
    );
  });
});
