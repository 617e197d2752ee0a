// The real-time channel with resume: subscribe once connected, remember the last custody `seq` seen, and
// after a reconnect subscribe again with `afterSeq` so the server replays exactly what was missed. Retries
// where socket.io will not by itself (the server closed the socket, or refused the handshake).

/** The part of a socket.io client the screens use (a fake one in component tests). */
export interface SocketLike {
  readonly connected: boolean;
  readonly active?: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
  connect(): unknown;
  disconnect(): unknown;
}

export type Connection = 'connecting' | 'online' | 'lost';

interface SubscribeReply {
  ok: boolean;
  code?: string;
  data?: { head?: number };
}

export interface ResumingChannelOptions {
  socket: SocketLike;
  /** What to subscribe to (without `afterSeq`); null to skip. */
  subscription: () => Record<string, unknown> | null;
  onConnection: (state: Connection) => void;
  /**
   * Subscribed (first time or again): a good moment to refresh what the events do not carry. `head` is the
   * custody log's head the server reported; `first` says this is the first subscription (no replay).
   */
  onSubscribed?: (s: { head: number | null; first: boolean }) => void;
  /** The session or station behind the socket is no longer accepted; retrying will not help. */
  onCredentialsRefused?: () => Promise<void> | void;
  /** Socket events other than the connection's own, e.g. `{ alarm: (a) => … }`. */
  events?: Record<string, (payload: never) => void>;
  retryMs?: number;
}

export interface ResumingChannel {
  /** Records a custody `seq`; false when it was seen already (a replay overlapping the live stream). */
  accept(seq: number): boolean;
  close(): void;
}

const EXPIRED = new Set(['SESSION_EXPIRED', 'UNAUTHENTICATED']);

export function openResumingChannel(o: ResumingChannelOptions): ResumingChannel {
  const { socket } = o;
  const retryMs = o.retryMs ?? 3000;
  let lastSeq: number | null = null;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const retry = (ms = retryMs) => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!closed && !socket.connected) socket.connect();
    }, ms);
  };

  async function subscribe(): Promise<void> {
    const payload = o.subscription();
    if (!payload) return;
    const resume = lastSeq;
    try {
      const reply = (await socket.timeout(8000).emitWithAck('subscribe', {
        ...payload,
        ...(resume === null ? {} : { afterSeq: resume }),
      })) as SubscribeReply;
      if (closed) return;
      if (!reply?.ok) {
        o.onConnection('lost');
        if (reply?.code && EXPIRED.has(reply.code)) await o.onCredentialsRefused?.();
        else retry(5000);
        return;
      }
      // First subscription: start from the head. After a reconnect the server replays what came after
      // `afterSeq`, so the last seq seen stays where it was.
      const first = resume === null;
      const head = typeof reply.data?.head === 'number' ? reply.data.head : null;
      if (lastSeq === null && head !== null) lastSeq = head;
      o.onConnection('online');
      o.onSubscribed?.({ head, first });
    } catch {
      if (closed) return;
      o.onConnection('lost');
      socket.disconnect();
      retry();
    }
  }

  o.onConnection('connecting');
  socket.on('connect', () => {
    if (!closed) void subscribe();
  });
  socket.on('disconnect', (reason: string) => {
    if (closed) return;
    o.onConnection('lost');
    // The server closed it on purpose (restart, session check): socket.io will not retry by itself.
    if (reason === 'io server disconnect') retry();
  });
  socket.on('connect_error', () => {
    if (closed) return;
    o.onConnection('lost');
    // Refused by the server (not a network failure): check whether the credentials still hold, then retry.
    if (socket.active === false) {
      void Promise.resolve(o.onCredentialsRefused?.()).then(() => {
        if (!closed) retry();
      });
    }
  });
  for (const [event, listener] of Object.entries(o.events ?? {}))
    socket.on(event, (payload: never) => {
      if (!closed) listener(payload);
    });
  socket.connect();

  return {
    accept(seq) {
      if (lastSeq !== null && seq <= lastSeq) return false;
      lastSeq = seq;
      return true;
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      socket.disconnect();
    },
  };
}
