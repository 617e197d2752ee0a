// Printer health: every configured printer probed now and in parallel (a TCP connect, a writable spool
// directory, the hardware layer's view of a serial device); a printer that fails is a state, not an error.
import { SpoolTransport, TcpTransport } from '../../labels/index.js';
import type { PrinterConfig, PrinterLanguage } from './printing-config.js';
import type { TransportDeps } from './printing-transport.js';

export type PrinterState = 'ready' | 'unreachable' | 'error';

export interface PrinterStatus {
  name: string;
  description: string | null;
  transport: PrinterConfig['transport']['type'];
  language: PrinterLanguage;
  dpi: number;
  size: string | null;
  rfid: boolean;
  state: PrinterState;
  detail: string | null;
  checkedAt: string;
}

export interface HealthDeps extends Pick<TransportDeps, 'clock' | 'serialStatus'> {
  printers: readonly PrinterConfig[];
  /** Upper bound of a TCP health probe, default 2000 ms. */
  healthTimeoutMs?: number;
}

async function checkOne(
  p: PrinterConfig,
  deps: HealthDeps,
): Promise<Pick<PrinterStatus, 'state' | 'detail'>> {
  const t = p.transport;
  switch (t.type) {
    case 'tcp': {
      const probe = new TcpTransport({
        host: t.host,
        port: t.port,
        connectTimeoutMs: Math.min(t.connectTimeoutMs, deps.healthTimeoutMs ?? 2000),
      });
      const h = await probe.health();
      if (h.ok) return { state: 'ready', detail: `${t.host}:${t.port} answered in ${h.latencyMs ?? 0} ms` };
      const unreachable = h.code === 'PRINTER_UNREACHABLE' || h.code === 'PRINTER_TIMEOUT';
      return { state: unreachable ? 'unreachable' : 'error', detail: h.message ?? h.code ?? null };
    }
    case 'spool': {
      const h = await new SpoolTransport({ dir: t.dir }).health();
      return h.ok
        ? { state: 'ready', detail: `spool directory ${t.dir} is writable` }
        : { state: 'error', detail: `spool directory ${t.dir}: ${h.message ?? h.code}` };
    }
    case 'serial': {
      if (!deps.serialStatus) {
        return { state: 'unreachable', detail: 'serial devices are not connected to the printing service' };
      }
      const s = deps.serialStatus(t.deviceId);
      if (!s) return { state: 'error', detail: `no hardware device ${t.deviceId}` };
      if (s.state === 'connected') return { state: 'ready', detail: s.path ?? t.deviceId };
      return {
        state: s.state === 'disconnected' ? 'unreachable' : 'error',
        detail: [`${t.deviceId} ${s.state}`, s.lastError].filter(Boolean).join(': '),
      };
    }
    case 'browser':
      return { state: 'ready', detail: "printed by the operator's browser" };
  }
}

/** Probes every printer in parallel; a probe that throws is reported as the state 'error'. */
export function printerStatuses(deps: HealthDeps): Promise<PrinterStatus[]> {
  return Promise.all(
    deps.printers.map(async (p): Promise<PrinterStatus> => {
      let check: Pick<PrinterStatus, 'state' | 'detail'>;
      try {
        check = await checkOne(p, deps);
      } catch (e) {
        check = { state: 'error', detail: (e as Error).message };
      }
      const size =
        p.size === undefined
          ? null
          : typeof p.size === 'string'
            ? p.size
            : `${p.size.widthMm}x${p.size.heightMm}`;
      return {
        name: p.name,
        description: p.description ?? null,
        transport: p.transport.type,
        language: p.language,
        dpi: p.dpi,
        size,
        rfid: p.rfid,
        ...check,
        checkedAt: deps.clock.now().toISOString(),
      };
    }),
  );
}
