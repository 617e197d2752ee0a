// A real pseudo-terminal pair through socat, for end-to-end tests and demos with the real `serialport`
// package: the host side is opened by the port manager, a simulator drives the device side. `kill()` and
// `restart()` reproduce an unplug and a replug (the links vanish and come back at the same paths).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { SerialPort } from 'serialport';

export interface PtyPair {
  hostPath: string;
  devicePath: string;
  readonly pid: number | undefined;
  /** Kills socat; resolves when it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts socat again on the same link paths. */
  restart(): Promise<void>;
}

export interface PtyOptions {
  socat?: string;
  startTimeoutMs?: number;
}

export async function startPtyPair(
  hostPath: string,
  devicePath: string,
  o: PtyOptions = {},
): Promise<PtyPair> {
  const socat = o.socat ?? '/usr/bin/socat';
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    // A SIGKILLed socat leaves dangling links behind; they are ours to clear.
    rmSync(hostPath, { force: true });
    rmSync(devicePath, { force: true });
    child = spawn(socat, [`pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + (o.startTimeoutMs ?? 3000);
    while (!(existsSync(hostPath) && existsSync(devicePath))) {
      if (child.exitCode !== null) throw new Error(`socat exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error('socat did not create its links in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  const kill = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(signal);
    await exited;
  };

  await start();
  return {
    hostPath,
    devicePath,
    get pid() {
      return (child as ChildProcess | null)?.pid;
    },
    kill,
    async restart() {
      await kill();
      await start();
    },
  };
}

/** Opens the device side of a pty for a simulator (it is a tty: serialport handles it like any port). */
export async function openSimPort(path: string, baudRate = 115200): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  port.on('error', () => undefined); // the far end dying must not crash the simulator
  return port;
}

export function closeSimPort(port: SerialPort): Promise<void> {
  return new Promise((resolve) => {
    if (!port.isOpen) return resolve();
    port.close(() => resolve());
  });
}
