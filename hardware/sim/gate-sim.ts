// A door gate: tags become visible to the gate's antennas while someone walks through, then vanish. Works
// over any reader simulator (an R2000 polled by the driver, or a Chafon pushing autonomous frames).

interface ReaderSim {
  addTag(antenna: number, epc: string, rssi?: number): void;
  removeTag(epc: string, antenna?: number): void;
}

export interface GatePassage {
  epcs: string[];
  /** How long the tags stay in the field. */
  dwellMs: number;
}

export class GateSimulator {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly reader: ReaderSim,
    private readonly antennas: readonly number[] = [1, 2],
  ) {}

  /** Carries the tags through; resolves when they have left the field. */
  pass(p: GatePassage): Promise<void> {
    for (const epc of p.epcs) for (const a of this.antennas) this.reader.addTag(a, epc);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        for (const epc of p.epcs) this.reader.removeTag(epc);
        resolve();
      }, p.dwellMs);
      this.timers.add(t);
    });
  }

  /** Cancels passages in progress (tags stay where they are). */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
