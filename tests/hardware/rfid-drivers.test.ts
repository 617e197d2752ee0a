import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { InventoryRoundEvent, ReaderErrorEvent, TagRead } from '../../hardware/common/types.js';
import { itemIdToEpc } from '../../hardware/epc/mapping.js';
import { ChafonDriver } from '../../hardware/rfid/chafon/driver.js';
import type { ChafonDriverOptions } from '../../hardware/rfid/chafon/driver.js';
import type { FramedDriver } from '../../hardware/rfid/framed-driver.js';
import { R2000Driver } from '../../hardware/rfid/r2000/driver.js';
import type { R2000DriverOptions } from '../../hardware/rfid/r2000/driver.js';
import { ChafonSimulator } from '../../hardware/sim/chafon-sim.js';
import type { ChafonSimOptions } from '../../hardware/sim/chafon-sim.js';
import { createDuplexPair } from '../../hardware/sim/duplex-pair.js';
import { R2000Simulator } from '../../hardware/sim/r2000-sim.js';
import { encodeTagAnswer } from '../../hardware/rfid/r2000/codec.js';
import { fromHex } from '../../hardware/common/hex.js';
import type { R2000SimOptions } from '../../hardware/sim/r2000-sim.js';
import { streamLink } from './helpers/link.js';
import { waitFor } from './helpers/wait.js';

const cfg = { companyPrefix: '9521234' };
const epc = (n: number) => itemIdToEpc(`F${String(n).padStart(9, '0')}`, cfg);
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Wires a driver to a simulator over an in-process cable and records what it emits. */
function connect<T>(driver: FramedDriver<T>, sim: { attach(d: Duplex): () => void }) {
  const pair = createDuplexPair();
  const detach = sim.attach(pair.device);
  const link = streamLink('reader', pair.host);
  const tags: TagRead[] = [];
  const rounds: InventoryRoundEvent[] = [];
  const errors: ReaderErrorEvent[] = [];
  driver.on('tag', (t) => tags.push(t));
  driver.on('round', (r) => rounds.push(r));
  driver.on('readerError', (e) => errors.push(e));
  pair.host.on('data', (d: Buffer) => driver.onData(d));
  driver.onOpen(link);
  cleanups.push(() => {
    driver.dispose();
    detach();
    pair.unplug();
  });
  return { link, tags, rounds, errors };
}

function r2000(o: Partial<R2000DriverOptions> = {}, s: R2000SimOptions = {}) {
  const sim = new R2000Simulator(s);
  const driver = new R2000Driver({ deviceId: 'cab-1', cyclePauseMs: 2, replyTimeoutMs: 200, ...o });
  return { sim, driver, ...connect(driver, sim) };
}

function chafon(o: Omit<ChafonDriverOptions, 'deviceId'>, s: ChafonSimOptions) {
  const sim = new ChafonSimulator(s);
  const driver = new ChafonDriver({ deviceId: 'gate-1', cyclePauseMs: 2, replyTimeoutMs: 200, ...o });
  return { sim, driver, ...connect(driver, sim) };
}

describe('R2000 driver', () => {
  it('sets power, polls each antenna, reports tags with antenna, EPC and dBm, and a round per antenna', async () => {
    const h = r2000({ antennas: [1, 2, 3], powerDbm: 26 });
    h.sim.addTag(1, epc(1), 0x50);
    h.sim.addTag(2, epc(2), 0x60);
    h.sim.addTag(2, epc(3), 0x61);
    await waitFor(() => h.rounds.filter((r) => r.antenna === 3).length >= 2, 2000, 'two full cycles');
    expect(h.sim.settings.powerDbm).toEqual([26]);
    expect(new Set(h.tags.map((t) => `${t.antenna}:${t.epc}`))).toEqual(
      new Set([`1:${epc(1)}`, `2:${epc(2)}`, `2:${epc(3)}`]),
    );
    expect(h.tags.find((t) => t.epc === epc(2))).toMatchObject({ deviceId: 'cab-1', rssi: 0x60 - 129 });
    expect(h.rounds.slice(0, 3).map((r) => [r.antenna, r.reads])).toEqual([
      [1, 1],
      [2, 2],
      [3, 0],
    ]);
    expect(h.link.frames).toBeGreaterThan(0);
    expect(h.link.checksumErrors).toBe(0);
  });

  it('reports a missing antenna and keeps polling the others', async () => {
    const h = r2000({ antennas: [1, 2] }, { missingAntennas: [2] });
    h.sim.addTag(1, epc(1));
    await waitFor(() => h.errors.length >= 2 && h.rounds.length >= 2, 2000, 'errors and rounds');
    expect(h.errors[0]).toMatchObject({ antenna: 2, code: 0x22, name: 'antenna_missing_error' });
    expect(h.rounds.every((r) => r.antenna === 1)).toBe(true); // no round claimed for the missing one
  });

  it('never emits a lucky-checksum tag next to noise, and learns the reader address from its first reply', async () => {
    // A verified, plausible tag answer right behind noise bytes: a torn frame plus noise can pass the
    // 8-bit checksum like this. Its EPC is never read again, so it is held and dropped, never emitted.
    const phantom = encodeTagAnswer(1, { antenna: 1, epc: fromHex(epc(999)), rssiRaw: 0x50 });
    let sent = false;
    const noise = () => (sent ? null : ((sent = true), Buffer.concat([Buffer.from([0x55, 0x13]), phantom])));
    const h = r2000({ antennas: [1] }, { noise });
    h.sim.addTag(1, epc(1));
    await waitFor(() => h.rounds.length >= 4, 2000, 'rounds');
    expect(h.tags.some((t) => t.epc === epc(999))).toBe(false);
    expect(h.tags.some((t) => t.epc === epc(1))).toBe(true);
    expect(h.driver.confirmer.stats.dropped).toBeGreaterThanOrEqual(1);
    // Answers from another address are not this reader's: a frame from reader 7 is not even delivered.
    const frames = h.driver.framerStats.frames;
    h.driver.onData(encodeTagAnswer(7, { antenna: 1, epc: fromHex(epc(5)), rssiRaw: 0x50 }));
    expect(h.driver.framerStats.frames).toBe(frames);
  });

  it('reads every tag through noise on the line and counts the bad frames', async () => {
    let n = 0;
    const noise = () =>
      n++ % 2 === 0 ? Buffer.from([0xa0, 0x13, 0x01, 0x89, 0x00, 0xff]) : Buffer.from([0x55, 0xa0]);
    const h = r2000({ antennas: [1] }, { noise });
    for (let i = 1; i <= 30; i++) h.sim.addTag(1, epc(i));
    await waitFor(() => h.rounds.length >= 5, 2000, 'rounds');
    expect(new Set(h.tags.map((t) => t.epc)).size).toBe(30);
    expect(h.rounds.slice(1, 5).every((r) => r.reads === 30)).toBe(true);
    expect(h.link.checksumErrors).toBeGreaterThan(0);
  });

  it('counts timeouts while the reader is silent and resumes when it answers', async () => {
    const h = r2000({ antennas: [1], replyTimeoutMs: 30 });
    h.sim.silent = true;
    await waitFor(() => h.driver.counters.timeouts >= 2, 2000, 'timeouts');
    expect(h.rounds).toHaveLength(0);
    h.sim.silent = false;
    await waitFor(() => h.rounds.length >= 1, 2000, 'rounds again');
  });

  it('selects a single antenna once per connection, not before every round', async () => {
    const h = r2000({ antennas: [3] });
    await waitFor(() => h.rounds.length >= 5, 2000, 'rounds');
    expect(h.link.written.filter((w) => w[3] === 0x74)).toHaveLength(1);
    expect(h.sim.settings.workAntenna).toBe(3);
  });

  it('answers a firmware query between inventory rounds', async () => {
    const h = r2000({ antennas: [1, 2] });
    await waitFor(() => h.rounds.length >= 1, 2000, 'polling');
    await expect(h.driver.getFirmwareVersion()).resolves.toEqual({ major: 1, minor: 8 });
  });

  it('keeps polling after the round when dwell time is set, and stops on close', async () => {
    const h = r2000({ antennas: [1, 2], dwellMs: 40 });
    await waitFor(() => h.rounds.some((r) => r.antenna === 2), 2000, 'second antenna');
    const firstOn1 = h.rounds.filter((r) => r.antenna === 1).length;
    expect(firstOn1).toBeGreaterThan(1); // several rounds within the 40 ms dwell
    h.driver.onClose();
    await new Promise((r) => setTimeout(r, 20)); // a command written just before close is still on the cable
    const count = h.sim.stats.commands;
    await new Promise((r) => setTimeout(r, 80));
    expect(h.sim.stats.commands).toBe(count);
  });
});

describe('Chafon driver', () => {
  it('polls a UHFReader18 (one antenna, no RSSI)', async () => {
    const h = chafon({ family: 'uhfreader18', address: 0xff }, { family: 'uhfreader18' });
    h.sim.addTag(1, epc(5));
    await waitFor(() => h.rounds.length >= 2, 2000, 'rounds');
    expect(h.tags[0]).toMatchObject({ deviceId: 'gate-1', antenna: 1, epc: epc(5), rssi: null });
    expect(h.rounds[0]).toMatchObject({ antenna: 1, reads: 1 });
  });

  it('polls UHFReader288 antennas and collects answers spread over several frames', async () => {
    const h = chafon({ family: 'uhfreader288', antennas: [1, 4], powerDbm: 20 }, { family: 'uhfreader288' });
    for (let i = 1; i <= 40; i++) h.sim.addTag(4, epc(i), 0x40 + (i % 8));
    h.sim.addTag(1, epc(99), 0x33);
    await waitFor(() => h.rounds.filter((r) => r.antenna === 4).length >= 2, 2000, 'rounds on 4');
    expect(h.sim.settings.powerDbm).toBe(20);
    expect(h.rounds.find((r) => r.antenna === 4)?.reads).toBe(40);
    expect(new Set(h.tags.filter((t) => t.antenna === 4).map((t) => t.epc)).size).toBe(40);
    expect(h.tags.find((t) => t.epc === epc(99))).toMatchObject({ antenna: 1, rssi: 0x33 });
  });

  it('treats "no tag" as an empty round, not an error', async () => {
    const h = chafon({ family: 'uhfreader288', antennas: [2] }, { family: 'uhfreader288' });
    await waitFor(() => h.rounds.length >= 2, 2000, 'empty rounds');
    expect(h.errors).toHaveLength(0);
    expect(h.rounds[0]).toMatchObject({ antenna: 2, reads: 0 });
  });

  it('listens to a UHFReader288 in autonomous mode: tags pushed, heartbeats as empty rounds', async () => {
    const h = chafon(
      { family: 'uhfreader288', mode: 'autonomous', antennas: [1, 2] },
      { family: 'uhfreader288', mode: 'autonomous', autonomousIntervalMs: 10, heartbeatMs: 30 },
    );
    h.sim.addTag(2, epc(7), 0x44);
    await waitFor(() => h.tags.length >= 3, 2000, 'pushed tags');
    expect(h.tags[0]).toMatchObject({ antenna: 2, epc: epc(7), rssi: 0x44 });
    expect(h.link.written).toHaveLength(0); // nothing sent in autonomous mode
    h.sim.removeTag(epc(7));
    await waitFor(() => h.rounds.length >= 2, 2000, 'heartbeats');
    expect(h.rounds.slice(0, 2).map((r) => r.antenna)).toEqual([1, 2]);
  });

  it('listens to a UHFReader18 in scan mode', async () => {
    const h = chafon(
      { family: 'uhfreader18', mode: 'autonomous' },
      { family: 'uhfreader18', mode: 'autonomous', autonomousIntervalMs: 10 },
    );
    h.sim.addTag(1, epc(8));
    await waitFor(() => h.tags.length >= 1, 2000, 'pushed tag');
    expect(h.tags[0]).toMatchObject({ antenna: 1, epc: epc(8), rssi: null });
  });
});
