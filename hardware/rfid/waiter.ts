// Request/reply plumbing for polled readers: a mutex so only one command is in flight, and a waiter that
// hands incoming frames to the oldest pending request whose matcher wants them, with a timeout.

export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** What a matcher says about a frame: ignore it, take it and keep waiting, or take it and finish. */
export type Verdict = 'ignore' | 'more' | 'done';

interface Pending<F> {
  match: (frame: F) => Verdict;
  resolve: (frames: F[]) => void;
  reject: (err: Error) => void;
  frames: F[];
  timer: NodeJS.Timeout;
}

export class ReplyWaiter<F> {
  private pending: Pending<F>[] = [];

  /** Resolves with every frame the matcher took, once it says `done`. */
  wait(match: (frame: F) => Verdict, timeoutMs: number, what: string): Promise<F[]> {
    return new Promise<F[]>((resolve, reject) => {
      const entry: Pending<F> = {
        match,
        resolve,
        reject,
        frames: [],
        timer: setTimeout(() => {
          this.remove(entry);
          reject(new TimeoutError(`${what}: no reply within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      entry.timer.unref?.();
      this.pending.push(entry);
    });
  }

  /** Offers a frame to pending requests; true when one took it. */
  offer(frame: F): boolean {
    for (const entry of this.pending) {
      const verdict = entry.match(frame);
      if (verdict === 'ignore') continue;
      entry.frames.push(frame);
      if (verdict === 'done') {
        this.remove(entry);
        entry.resolve(entry.frames);
      }
      return true;
    }
    return false;
  }

  cancelAll(reason: string): void {
    const all = this.pending;
    this.pending = [];
    for (const entry of all) {
      clearTimeout(entry.timer);
      entry.reject(new Error(reason));
    }
  }

  private remove(entry: Pending<F>): void {
    clearTimeout(entry.timer);
    this.pending = this.pending.filter((e) => e !== entry);
  }
}
