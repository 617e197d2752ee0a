// Spool directory: each job becomes one file with a unique name, written under a temporary name and
// renamed, so a watcher (CUPS hot folder, a print server, a test) never sees half a job.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LabelError } from '../errors.js';
import type { PrinterHealth, PrinterTransport } from './types.js';

export interface SpoolTransportOptions {
  dir: string;
  /** File extension including the dot, e.g. `.zpl`, `.tspl`, `.pdf`. Default `.prn`. */
  extension?: string;
  prefix?: string;
  now?: () => Date;
}

let sequence = 0;

export class SpoolTransport implements PrinterTransport {
  readonly kind = 'spool' as const;

  constructor(private readonly o: SpoolTransportOptions) {}

  /** `job-20250101T120000123Z-<pid>-<seq>-<random>.prn`: sortable by time, unique across processes. */
  private fileName(): string {
    const stamp = (this.o.now?.() ?? new Date()).toISOString().replace(/[-:.]/g, '');
    sequence = (sequence + 1) % 1_000_000;
    const unique = `${process.pid}-${String(sequence).padStart(6, '0')}-${randomBytes(3).toString('hex')}`;
    return `${this.o.prefix ?? 'job'}-${stamp}-${unique}${this.o.extension ?? '.prn'}`;
  }

  /** Writes the job and returns the file's path. */
  async write(bytes: Uint8Array): Promise<string> {
    const final = path.join(this.o.dir, this.fileName());
    const temp = `${final}.part`;
    try {
      await mkdir(this.o.dir, { recursive: true });
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, final);
      return final;
    } catch (e) {
      throw new LabelError(
        'SPOOL_WRITE_FAILED',
        `${this.o.dir}: ${(e as Error).message}`,
        { dir: this.o.dir },
        e,
      );
    }
  }

  async send(bytes: Uint8Array): Promise<void> {
    await this.write(bytes);
  }

  async health(): Promise<PrinterHealth> {
    try {
      await mkdir(this.o.dir, { recursive: true });
      await access(this.o.dir, constants.W_OK);
      return { ok: true };
    } catch (e) {
      return { ok: false, code: 'SPOOL_WRITE_FAILED', message: (e as Error).message };
    }
  }
}
