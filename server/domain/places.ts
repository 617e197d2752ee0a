// How a storage place is named for people: the kiosk shows "1号档案柜 第2层", not `R1-C01-S2`.
import type { LocationKind } from './vocabulary.js';

export interface NamedPlace {
  kind: LocationKind;
  name: string;
}

/**
 * A place's label: its name after its ancestors' below the room (the screen stands in the room already),
 * e.g. cabinet, shelf, position → "1号档案柜 第2层 3号位". A room is named by itself. `chain` runs from
 * the place itself up to its ancestors.
 */
export function placeLabel(chain: readonly NamedPlace[]): string {
  const [self] = chain;
  if (!self) return '';
  if (self.kind === 'room') return self.name;
  const below = chain.filter((p) => p.kind !== 'room');
  return below
    .map((p) => p.name)
    .reverse()
    .join(' ');
}
