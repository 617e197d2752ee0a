// The tags a simulated reader can see, per antenna, changeable by API while it runs (a folder taken out,
// put back on another shelf, carried through a gate). Shared by every reader simulator.

export interface SimTag {
  /** EPC hex, uppercase. */
  epc: string;
  /** Raw RSSI byte the reader reports. */
  rssi: number;
}

export class TagPopulation {
  private readonly byAntenna = new Map<number, Map<string, SimTag>>();

  add(antenna: number, epc: string, rssi = 0x50): void {
    const key = epc.toUpperCase();
    if (!/^([0-9A-F]{4})+$/.test(key)) throw new Error(`EPC must be whole 16-bit words of hex: ${epc}`);
    let m = this.byAntenna.get(antenna);
    if (!m) this.byAntenna.set(antenna, (m = new Map()));
    m.set(key, { epc: key, rssi });
  }

  /** Removes from one antenna, or from all when `antenna` is omitted. */
  remove(epc: string, antenna?: number): void {
    const key = epc.toUpperCase();
    if (antenna !== undefined) {
      this.byAntenna.get(antenna)?.delete(key);
      return;
    }
    for (const m of this.byAntenna.values()) m.delete(key);
  }

  clear(): void {
    this.byAntenna.clear();
  }

  on(antenna: number): SimTag[] {
    return [...(this.byAntenna.get(antenna)?.values() ?? [])];
  }

  antennas(): number[] {
    return [...this.byAntenna.keys()].filter((a) => (this.byAntenna.get(a)?.size ?? 0) > 0);
  }
}
