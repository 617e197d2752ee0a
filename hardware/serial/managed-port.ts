// One device's connection: resolve the node, open it, feed bytes to the protocol handler, notice loss and
// reopen with capped exponential backoff.
//
// Loss is detected three ways, because a dead pty or USB adapter often emits nothing at all (STACK.md):
// the port's own close/error events; a watchdog that sees the device path stop resolving or a reader stay
// silent past `silenceMs`; and writes that fail or never call back (a write timeout, never drain()).
// Closing is idempotent and abandons the old port object with a no-op error listener, so its late
// `close`/`error` events (serialport may emit close twice) can neither crash nor confuse the new one.
import { EventEmitter } from 'node:events';
import type { Clock } from '../common/types.js';
import type { HardwareLogger } from '../common/logger.js';
import { backoffDelay } from './backoff.js';
import type { DeviceConfig } from './config.js';
import type { PortLink, ProtocolHandler } from './link.js';
import type { PortFactory, PortLike } from './port.js';
import { resolveDevicePath } from './resolve.js';
import type { PortLister } from './resolve.js';

export type DeviceState = 'connected' | 'disconnected' | 'unhealthy';

export interface DeviceStatus {
  id: string;
  protocol: DeviceConfig['protocol'];
  role: DeviceConfig['role'];
  state: DeviceState;
  path: string | null;
  bytesIn: number;
  /** Verified frames (readers) or decoded records (scanners). */
  framesIn: number;
  /** Frames rejected by checksum/framing, one per loss of sync. */
  checksumErrors: number;
  /** Time of the last byte received. */
  lastSeen: number | null;
  /** Time of the last verified frame: what the silence watchdog looks at. */
  lastFrameAt: number | null;
  reconnects: number;
  lastError: string | null;
  since: number;
}

export interface ManagedPortDeps {
  factory: PortFactory;
  lister: PortLister;
  pathExists: (path: string) => boolean;
  clock: Clock;
  logger: HardwareLogger;
  random?: () => number;
}

type Phase = 'idle' | 'connecting' | 'open' | 'waiting' | 'stopped';

export interface ManagedPortEvents {
  status: [DeviceStatus];
}

export class ManagedPort extends EventEmitter<ManagedPortEvents> {
  private phase: Phase = 'idle';
  private port: PortLike | null = null;
  private generation = 0;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private watchdogTimer: NodeJS.Timeout | null = null;
  private lastProbe = 0;
  private readonly st: DeviceStatus;
  private readonly link: PortLink;

  constructor(
    readonly config: DeviceConfig,
    private readonly handler: ProtocolHandler,
    private readonly deps: ManagedPortDeps,
  ) {
    super();
    const now = deps.clock.now();
    this.st = {
      id: config.id,
      protocol: config.protocol,
      role: config.role,
      state: 'disconnected',
      path: null,
      bytesIn: 0,
      framesIn: 0,
      checksumErrors: 0,
      lastSeen: null,
      lastFrameAt: null,
      reconnects: 0,
      lastError: null,
      since: now,
    };
    this.link = {
      deviceId: config.id,
      write: (data) => this.write(data),
      frameIn: () => this.frameIn(),
      checksumError: (n = 1) => {
        this.st.checksumErrors += n;
      },
    };
  }

  get status(): DeviceStatus {
    return { ...this.st };
  }

  start(): void {
    if (this.phase !== 'idle') return;
    void this.connect();
  }

  /** Closes for good; resolves once the port is released. */
  async stop(): Promise<void> {
    if (this.phase === 'stopped') return;
    const wasOpen = this.phase === 'open';
    this.phase = 'stopped';
    this.clearTimers();
    if (wasOpen) this.safe(() => this.handler.onClose());
    await this.release();
    this.safe(() => this.handler.dispose());
    this.setState('disconnected', this.st.lastError);
  }

  write(data: Buffer): Promise<void> {
    const port = this.port;
    if (this.phase !== 'open' || !port) return Promise.reject(new Error(`${this.config.id}: port not open`));
    const gen = this.generation;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${this.config.id}: write timed out`));
        this.lost(gen, 'write timed out', 'disconnected');
      }, this.config.writeTimeoutMs);
      timer.unref?.();
      try {
        port.write(data, (err) => {
          clearTimeout(timer);
          if (!err) return resolve();
          reject(err);
          this.lost(gen, `write failed: ${err.message}`, 'disconnected');
        });
      } catch (err) {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private async connect(): Promise<void> {
    this.phase = 'connecting';
    const gen = ++this.generation;
    let res: Awaited<ReturnType<typeof resolveDevicePath>>;
    try {
      res = await resolveDevicePath(this.config.identity, this.deps.lister, this.deps.pathExists);
    } catch (err) {
      res = { path: null, via: null, note: errText(err) };
    }
    if (gen !== this.generation || this.phase !== 'connecting') return;
    if (!res.path) return this.retry(res.note ?? 'device not present');
    if (res.note) this.deps.logger.debug('serial: identity fallback', { id: this.config.id, note: res.note });
    let port: PortLike;
    try {
      port = this.deps.factory({ ...this.config.framing, path: res.path });
    } catch (err) {
      return this.retry(errText(err));
    }
    this.port = port;
    this.st.path = res.path;
    port.on('error', (err) => this.lost(gen, `port error: ${err.message}`, 'disconnected'));
    port.on('close', (err) => this.lost(gen, err ? `closed: ${err.message}` : 'closed', 'disconnected'));
    port.on('data', (chunk) => this.onData(gen, chunk));
    port.open((err) => {
      if (gen !== this.generation || this.phase !== 'connecting') {
        if (!err) port.close(() => undefined); // opened after stop() or a newer attempt: do not leak it
        return;
      }
      if (err) {
        void this.release();
        return this.retry(`open failed: ${err.message}`);
      }
      this.opened(gen);
    });
  }

  private opened(gen: number): void {
    this.phase = 'open';
    const now = this.deps.clock.now();
    this.st.lastFrameAt = now; // a reader gets a full silence window to answer its first command
    this.lastProbe = now;
    if (this.config.watchdog.silenceMs == null) this.attempt = 0;
    // After a silence loss, stay unhealthy until the device proves itself with a frame.
    if (this.st.state !== 'unhealthy') this.setState('connected', null);
    this.watchdogTimer = setInterval(() => this.watch(gen), this.config.watchdog.intervalMs);
    this.watchdogTimer.unref?.();
    this.safe(() => this.handler.onOpen(this.link));
  }

  private onData(gen: number, chunk: Buffer): void {
    if (gen !== this.generation || this.phase !== 'open') return;
    this.st.bytesIn += chunk.length;
    this.st.lastSeen = this.deps.clock.now();
    this.safe(() => this.handler.onData(chunk));
  }

  private frameIn(): void {
    this.st.framesIn++;
    this.st.lastFrameAt = this.deps.clock.now();
    this.attempt = 0;
    if (this.st.state === 'unhealthy' && this.phase === 'open') this.setState('connected', null);
  }

  private watch(gen: number): void {
    if (gen !== this.generation || this.phase !== 'open') return;
    const now = this.deps.clock.now();
    if (this.st.path && !this.deps.pathExists(this.st.path)) {
      return this.lost(gen, 'device path vanished', 'disconnected');
    }
    const silence = this.config.watchdog.silenceMs;
    if (silence != null && now - (this.st.lastFrameAt ?? now) > silence) {
      return this.lost(gen, `no answer for ${silence} ms`, 'unhealthy');
    }
    const probe = this.config.protocol === 'barcode' ? this.config.barcode.probe : undefined;
    if (probe && now - this.lastProbe >= probe.intervalMs) {
      this.lastProbe = now;
      this.write(Buffer.from(probe.hex, 'hex')).catch(() => undefined); // failure already triggers lost()
    }
  }

  /** Idempotent: only the first report for a given port generation acts. */
  private lost(gen: number, reason: string, state: DeviceState): void {
    if (gen !== this.generation || (this.phase !== 'open' && this.phase !== 'connecting')) return;
    const wasOpen = this.phase === 'open';
    this.deps.logger.warn('serial: device lost', { id: this.config.id, reason });
    this.clearTimers();
    if (wasOpen) this.safe(() => this.handler.onClose());
    void this.release();
    this.retry(reason, state);
  }

  private retry(reason: string, state: DeviceState = 'disconnected'): void {
    if (this.phase === 'stopped') return;
    this.phase = 'waiting';
    this.generation++;
    this.setState(state, reason);
    const delay = backoffDelay(this.attempt++, this.config.reconnect, this.deps.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.phase !== 'waiting') return;
      this.st.reconnects++;
      void this.connect();
    }, delay);
    this.retryTimer.unref?.();
  }

  /** Closes the current port if any; never throws, never waits more than a second. */
  private release(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (!port) return Promise.resolve();
    port.removeAllListeners();
    port.on('error', () => undefined); // late errors from an abandoned port must not crash the process
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      timer.unref?.();
      try {
        port.close(() => {
          clearTimeout(timer);
          resolve();
        });
      } catch {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private setState(state: DeviceState, error: string | null): void {
    const changed = state !== this.st.state;
    this.st.lastError = error ?? this.st.lastError;
    if (!changed) return;
    this.st.state = state;
    this.st.since = this.deps.clock.now();
    if (state === 'connected') this.st.lastError = null;
    this.emit('status', this.status);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.watchdogTimer) clearInterval(this.watchdogTimer);
    this.retryTimer = null;
    this.watchdogTimer = null;
  }

  /** Handler code must not take the connection down with it. */
  private safe(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.logger.error('serial: handler threw', { id: this.config.id, error: errText(err) });
    }
  }
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
