// 档案轨迹's state: the question asked, the volumes it found, and the chosen folder's timeline. The page
// follows the address (#/timeline?q=3-2-1502&item=42): a reload, a bookmark or a link from the board's
// events opens the same folder.
import { signal } from '@preact/signals';
import { asApiError, type ApiError } from '../../shared/api/error';
import type { FolderTimeline, SearchResult } from '../../shared/api/types';
import type { DashboardApi } from '../api';

/** One volume the search found, as the list of matches shows it. */
export interface FolderMatch {
  id: number;
  barcode: string;
  archiveNo: string | null;
  title: string;
  volumeNo: number;
  kind: string;
  property: string | null;
  stateLabel: { zh: string; en: string };
  state: string;
}

/** Every volume in the hits, in the order found: an item, a dossier's volumes, a room's dossiers' volumes. */
export function matchesOf(result: SearchResult): FolderMatch[] {
  const out: FolderMatch[] = [];
  const seen = new Set<number>();
  const add = (m: FolderMatch) => {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    out.push(m);
  };
  type Brief = Extract<SearchResult['hits'][number], { type: 'dossier' }>['items'][number];
  type Dossier = Extract<SearchResult['hits'][number], { type: 'dossier' }>['dossier'];
  const fromBrief = (i: Brief, d: Dossier, property: string | null) =>
    add({
      id: i.id,
      barcode: i.barcode,
      archiveNo: d.archiveNo,
      title: i.title,
      volumeNo: i.volumeNo,
      kind: i.kind,
      property: d.property?.name ?? property,
      stateLabel: i.stateLabel,
      state: i.state,
    });
  for (const hit of result.hits) {
    if (hit.type === 'item') {
      const i = hit.item;
      add({
        id: i.id,
        barcode: i.barcode,
        archiveNo: i.dossier?.archiveNo ?? null,
        title: i.title,
        volumeNo: i.volumeNo,
        kind: i.kind,
        property: i.property?.name ?? null,
        stateLabel: i.stateLabel,
        state: i.state,
      });
    } else if (hit.type === 'dossier') {
      for (const i of hit.items) fromBrief(i, hit.dossier, null);
    } else {
      for (const d of hit.dossiers) for (const i of d.items) fromBrief(i, d.dossier, hit.property.name);
    }
  }
  return out;
}

export class TimelineState {
  /** The question the matches answer ('' before any). */
  readonly query = signal('');
  readonly matches = signal<FolderMatch[] | null>(null);
  readonly more = signal(false);
  readonly searching = signal(false);
  readonly itemId = signal<number | null>(null);
  readonly timeline = signal<FolderTimeline | null>(null);
  readonly loading = signal(false);
  readonly error = signal<ApiError | null>(null);
  private asked = 0;
  private opened = 0;

  constructor(
    private readonly api: DashboardApi,
    private readonly token: () => string | null,
  ) {}

  /** Brings the state to what the address asks: the search for `q`, the timeline of `item`. */
  async follow(params: Record<string, string>): Promise<void> {
    const q = (params.q ?? '').trim();
    const item = Number(params.item);
    const id = Number.isInteger(item) && item > 0 ? item : null;
    await Promise.all([
      q !== this.query.value ? this.search(q) : Promise.resolve(),
      id !== this.itemId.value ? this.open(id) : Promise.resolve(),
    ]);
  }

  async search(q: string): Promise<void> {
    const token = this.token();
    this.query.value = q;
    const ask = ++this.asked;
    if (!q || !token) {
      this.matches.value = null;
      this.more.value = false;
      return;
    }
    this.searching.value = true;
    try {
      const result = await this.api.search(token, q);
      if (ask !== this.asked) return;
      this.matches.value = matchesOf(result);
      this.more.value = result.more;
      this.error.value = null;
    } catch (e) {
      if (ask === this.asked) this.error.value = asApiError(e);
    } finally {
      if (ask === this.asked) this.searching.value = false;
    }
  }

  async open(id: number | null): Promise<void> {
    const token = this.token();
    this.itemId.value = id;
    const ask = ++this.opened;
    if (id === null || !token) {
      this.timeline.value = null;
      return;
    }
    this.loading.value = true;
    try {
      const timeline = await this.api.timeline(token, id);
      if (ask !== this.opened) return;
      this.timeline.value = timeline;
      this.error.value = null;
    } catch (e) {
      if (ask !== this.opened) return;
      this.timeline.value = null;
      this.error.value = asApiError(e);
    } finally {
      if (ask === this.opened) this.loading.value = false;
    }
  }
}
