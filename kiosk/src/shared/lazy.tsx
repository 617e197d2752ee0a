// Screens not needed at first paint are chunks of their own, fetched with import(). lazyComponent renders
// nothing until its chunk is there (then itself, synchronously, ever after); preloadWhenIdle fetches the
// chunks once the first screen is up, so a badge swipe does not wait for the network.
import { signal } from '@preact/signals';
import type { ComponentType, FunctionComponent } from 'preact';

export interface LazyComponent<P> extends FunctionComponent<P> {
  preload(): Promise<void>;
}

export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  const loaded = signal<ComponentType<P> | null>(null);
  let pending: Promise<void> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (component) => void (loaded.value = component),
      (e: unknown) => {
        pending = null; // a failed fetch (offline for a moment) is tried again on next use
        throw e;
      },
    ));
  const Lazy = (props: P) => {
    const Component = loaded.value;
    if (Component) return <Component {...props} />;
    preload().catch(() => undefined);
    return null;
  };
  return Object.assign(Lazy, { preload });
}

/** Fetches the chunks when the browser has nothing better to do (or after a second where it cannot say). */
export function preloadWhenIdle(components: ReadonlyArray<{ preload(): Promise<void> }>): void {
  const run = () => components.forEach((c) => void c.preload().catch(() => undefined));
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: object) => void })
    .requestIdleCallback;
  if (idle) idle(run, { timeout: 2000 });
  else setTimeout(run, 1000);
}
