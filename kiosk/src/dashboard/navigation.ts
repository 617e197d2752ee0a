// Which page of the dashboard is shown, kept in the address's hash (#/timeline?q=HY-01-2-0603) so a
// reload, a bookmark or the browser's back button lands on the same page with the same question.
import { signal } from '@preact/signals';

export const PAGES = ['board', 'timeline', 'reports', 'notices'] as const;
export type Page = (typeof PAGES)[number];

export interface Place {
  page: Page;
  params: Record<string, string>;
}

/** Reads a hash like `#/timeline?q=3-2-1502`; anything unknown is the board. */
export function parseHash(hash: string): Place {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const page = (PAGES as readonly string[]).includes(path) ? (path as Page) : 'board';
  return { page, params: Object.fromEntries(new URLSearchParams(query)) };
}

export function formatHash({ page, params }: Place): string {
  const query = new URLSearchParams(params).toString();
  return `#/${page === 'board' ? '' : page}${query ? `?${query}` : ''}`;
}

/** Where the page lives; a window in the browser, a stand-in in component tests. */
export interface Address {
  hash: string;
  onChange(listener: () => void): () => void;
}

export function windowAddress(win: Window = window): Address {
  return {
    get hash() {
      return win.location.hash;
    },
    set hash(value: string) {
      win.location.hash = value;
    },
    onChange(listener) {
      win.addEventListener('hashchange', listener);
      return () => win.removeEventListener('hashchange', listener);
    },
  };
}

/** An address held in memory: for component tests, and wherever there is no window. */
export function memoryAddress(initial = ''): Address {
  let hash = initial;
  const listeners = new Set<() => void>();
  return {
    get hash() {
      return hash;
    },
    set hash(value: string) {
      hash = value.startsWith('#') ? value : `#${value}`;
      listeners.forEach((l) => l());
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export class Navigation {
  readonly place = signal<Place>({ page: 'board', params: {} });
  private readonly stop: () => void;

  constructor(private readonly address: Address) {
    this.place.value = parseHash(address.hash);
    this.stop = address.onChange(() => (this.place.value = parseHash(address.hash)));
  }

  go(page: Page, params: Record<string, string> = {}): void {
    const place = { page, params };
    this.place.value = place;
    const hash = formatHash(place);
    if (this.address.hash !== hash) this.address.hash = hash;
  }

  dispose(): void {
    this.stop();
  }
}
