// Polling helpers for asynchronous assertions: poll often, give up with a clear message.

export async function waitFor(
  cond: () => boolean,
  timeoutMs = 2000,
  what = 'condition',
  stepMs = 10,
): Promise<number> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return Date.now() - start;
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
