// Device configuration: one typed, validated object per serial device. Parsed at the edge with zod so the
// rest of the layer trusts its input; `validateDeviceConfigs` returns readable errors instead of throwing.
import { z } from 'zod';

export const PROTOCOLS = ['barcode', 'r2000', 'chafon', 'raw'] as const;
export const ROLES = [
  'kiosk-scanner',
  'handheld-dock',
  'cabinet-reader',
  'gate-reader',
  'label-printer',
] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export type Role = (typeof ROLES)[number];

const hex4 = z.string().regex(/^[0-9a-fA-F]{4}$/, 'expected 4 hex digits');

/** How to find the device: any of these; tried in the order by-id, usb, path. */
const identity = z
  .object({
    path: z.string().min(1).optional(),
    byId: z.string().startsWith('/dev/serial/by-id/').optional(),
    usb: z.object({ vendorId: hex4, productId: hex4, serialNumber: z.string().min(1).optional() }).optional(),
  })
  .refine((v) => v.path || v.byId || v.usb, 'give at least one of path, byId, usb');

const framing = z.object({
  baudRate: z.number().int().positive(),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
});

/**
 * Opaque to this layer, passed through to whoever consumes the events: a station, or a cabinet with the
 * antenna -> shelf map the presence engine needs. Extra keys are kept.
 */
const binding = z
  .looseObject({
    stationId: z.string().min(1).optional(),
    cabinetId: z.string().min(1).optional(),
    shelves: z.record(z.string().regex(/^[1-8]$/, 'antenna keys are 1..8'), z.string().min(1)).optional(),
  })
  .refine((b) => b.stationId || b.cabinetId, 'give a stationId or a cabinetId')
  .refine((b) => !b.shelves || b.cabinetId, { message: 'shelves need a cabinetId', path: ['shelves'] });

const watchdog = z.object({
  /** Reader with no verified frame for this long is unhealthy: close and reopen. null: never (scanners). */
  silenceMs: z.number().int().positive().nullable().optional(),
  intervalMs: z.number().int().positive().default(250),
});

const reconnect = z.object({
  initialMs: z.number().int().positive().default(100),
  maxMs: z.number().int().positive().default(1000),
  factor: z.number().min(1).default(2),
});

const antennaList = z.array(z.number().int().min(1).max(8)).min(1);

const barcodeOptions = z.object({
  encoding: z.string().default('utf8'),
  maxLength: z.number().int().positive().max(8192).default(512),
  debounceMs: z.number().int().nonnegative().default(1000),
  interByteTimeoutMs: z.number().int().positive().nullable().default(null),
  staleFragmentMs: z.number().int().positive().default(500),
  openGraceMs: z.number().int().nonnegative().default(100),
  aimIds: z.boolean().default(true),
  tabIsSuffix: z.boolean().default(false),
  /** Scanners are silent until used: an optional periodic write proves the line still works. */
  probe: z
    .object({ intervalMs: z.number().int().positive(), hex: z.string().regex(/^([0-9a-fA-F]{2})+$/) })
    .optional(),
});

const r2000Options = z.object({
  address: z.number().int().min(0).max(255).default(0xff),
  antennas: antennaList.refine((a) => a.every((n) => n <= 4), 'R2000 antennas are 1..4').default([1]),
  powerDbm: z.number().int().min(0).max(33).nullable().default(null),
  dwellMs: z.number().int().nonnegative().default(0),
  repeat: z.number().int().min(1).max(255).default(1),
  replyTimeoutMs: z.number().int().positive().default(1000),
  cyclePauseMs: z.number().int().nonnegative().default(0),
});

const chafonOptions = z.object({
  family: z.enum(['uhfreader18', 'uhfreader288']),
  address: z.number().int().min(0).max(255).default(0xff),
  mode: z.enum(['poll', 'autonomous']).default('poll'),
  antennas: antennaList.default([1]),
  powerDbm: z.number().int().min(0).max(33).nullable().default(null),
  /** Inventory time per command, 100 ms units (288 family). */
  scanTime: z.number().int().min(0).max(255).default(3),
  replyTimeoutMs: z.number().int().positive().default(1000),
  cyclePauseMs: z.number().int().nonnegative().default(0),
});

const common = {
  id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore'),
  role: z.enum(ROLES),
  identity,
  framing,
  binding: binding.optional(),
  watchdog: watchdog.default({ intervalMs: 250 }),
  reconnect: reconnect.default({ initialMs: 100, maxMs: 1000, factor: 2 }),
  writeTimeoutMs: z.number().int().positive().default(1000),
  enabled: z.boolean().default(true),
};

const deviceConfig = z
  .discriminatedUnion('protocol', [
    z.object({
      ...common,
      protocol: z.literal('barcode'),
      barcode: barcodeOptions.default(barcodeOptions.parse({})),
    }),
    z.object({
      ...common,
      protocol: z.literal('r2000'),
      r2000: r2000Options.default(r2000Options.parse({})),
    }),
    z.object({ ...common, protocol: z.literal('chafon'), chafon: chafonOptions }),
    z.object({ ...common, protocol: z.literal('raw') }),
  ])
  .superRefine((d, ctx) => {
    const readers = d.protocol === 'r2000' || d.protocol === 'chafon';
    if ((d.role === 'cabinet-reader' || d.role === 'gate-reader') && !readers) {
      ctx.addIssue({
        code: 'custom',
        path: ['protocol'],
        message: `${d.role} needs protocol r2000 or chafon`,
      });
    }
    if ((d.role === 'kiosk-scanner' || d.role === 'handheld-dock') && d.protocol !== 'barcode') {
      ctx.addIssue({ code: 'custom', path: ['protocol'], message: `${d.role} needs protocol barcode` });
    }
    if (d.role === 'label-printer' && d.protocol !== 'raw') {
      ctx.addIssue({ code: 'custom', path: ['protocol'], message: 'label-printer needs protocol raw' });
    }
    if (d.role === 'cabinet-reader' && !(d.binding?.cabinetId && d.binding.shelves)) {
      ctx.addIssue({
        code: 'custom',
        path: ['binding'],
        message: 'cabinet-reader needs a cabinetId and shelves map',
      });
    }
  })
  // Polled readers answer every command, so 5 s of silence means trouble. Scanners are silent until used
  // and autonomous readers may have heartbeats disabled: no silence limit unless configured.
  .transform((d) => {
    const polled = d.protocol === 'r2000' || (d.protocol === 'chafon' && d.chafon.mode === 'poll');
    const silenceMs = d.watchdog.silenceMs !== undefined ? d.watchdog.silenceMs : polled ? 5000 : null;
    return { ...d, watchdog: { ...d.watchdog, silenceMs } };
  });

export type DeviceConfigInput = z.input<typeof deviceConfig>;
export type DeviceConfig = z.output<typeof deviceConfig>;
export type BarcodeDeviceConfig = Extract<DeviceConfig, { protocol: 'barcode' }>;
export type R2000DeviceConfig = Extract<DeviceConfig, { protocol: 'r2000' }>;
export type ChafonDeviceConfig = Extract<DeviceConfig, { protocol: 'chafon' }>;
export type DeviceIdentity = DeviceConfig['identity'];
export type DeviceFraming = DeviceConfig['framing'];

export type ValidationResult = { ok: true; devices: DeviceConfig[] } | { ok: false; errors: string[] };

/** Validates a list of devices; errors read like `devices[1] (cab-1).framing.baudRate: ...`. */
export function validateDeviceConfigs(input: unknown): ValidationResult {
  const list = z.array(z.unknown()).safeParse(input);
  if (!list.success) return { ok: false, errors: ['devices: expected an array'] };
  const devices: DeviceConfig[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  list.data.forEach((raw, i) => {
    const r = deviceConfig.safeParse(raw);
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : null;
    const label = `devices[${i}]` + (id !== null ? ` (${id})` : '');
    if (id !== null && seen.has(id)) errors.push(`${label}.id: duplicate device id ${id}`);
    if (id !== null) seen.add(id);
    if (!r.success) {
      for (const issue of r.error.issues) {
        errors.push(
          `${label}${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${issue.message}`,
        );
      }
      return;
    }
    devices.push(r.data);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, devices };
}

/** Throwing variant for code paths that already trust their input (tests, simulators). */
export function parseDeviceConfig(input: DeviceConfigInput): DeviceConfig {
  const r = validateDeviceConfigs([input]);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.devices[0] as DeviceConfig;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
