// What the devices need to know about items, in memory: EPC -> item, and where each item belongs (its
// cabinet and shelf codes). Loaded once at start; an item is reloaded whenever a custody entry touches it.
import { epcToItemId, type EpcMappingConfig } from '../../hardware/index.js';
import type { Queryable } from '../store/db.js';
import { allItemPlaces, findItemPlace, type ItemPlace } from '../store/item-places.js';

export type { ItemPlace } from '../store/item-places.js';

export class ItemPlaces {
  private readonly byBarcode = new Map<string, ItemPlace>();
  private readonly byEpc = new Map<string, ItemPlace>();

  constructor(
    private readonly q: Queryable,
    private readonly epcMapping: EpcMappingConfig,
  ) {}

  async load(): Promise<void> {
    for (const place of await allItemPlaces(this.q)) this.put(place);
  }

  async reload(itemId: number): Promise<ItemPlace | null> {
    const place = await findItemPlace(this.q, itemId);
    if (place) this.put(place);
    return place;
  }

  private put(place: ItemPlace): void {
    const previous = this.byBarcode.get(place.barcode);
    if (previous?.epc) this.byEpc.delete(previous.epc);
    this.byBarcode.set(place.barcode, place);
    if (place.epc) this.byEpc.set(place.epc, place);
  }

  get(barcode: string): ItemPlace | undefined {
    return this.byBarcode.get(barcode);
  }

  /** The item a tag belongs to: the EPC stored on the item, else the barcode the EPC encodes. */
  resolveEpc(epc: string): ItemPlace | undefined {
    const stored = this.byEpc.get(epc);
    if (stored) return stored;
    const barcode = epcToItemId(epc, this.epcMapping);
    return barcode ? this.byBarcode.get(barcode) : undefined;
  }

  /** Items that should be on the given shelves now (to seed the presence engine quietly). */
  inPlaceOn(shelfCodes: ReadonlySet<string>): ItemPlace[] {
    return [...this.byBarcode.values()].filter(
      (p) => p.state === 'in_place' && p.shelfCode && shelfCodes.has(p.shelfCode),
    );
  }
}
