// socket.io's client, fetched after first paint: it is a third of a first route's script, and a screen
// shows its first data over HTTP anyway. The SocketLike returned at once records listeners and a
// connect() until the chunk is there, then hands them to the real client.
import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type { SocketLike } from './socket';

type Listener = (...args: never[]) => void;

export function deferredSocketIo(uri: string, options: Partial<ManagerOptions & SocketOptions>): SocketLike {
  let real: SocketLike | null = null;
  let loading = false;
  let wantConnected = false;
  const listeners: Array<[string, Listener]> = [];
  const failed = () => {
    // The chunk could not be fetched (offline for a moment): reported like a refused handshake, so the
    // caller retries; the next connect() fetches again.
    for (const [event, listener] of listeners)
      if (event === 'connect_error') (listener as (e: Error) => void)(new Error('socket.io not loaded'));
  };
  const load = () => {
    if (real || loading) return;
    loading = true;
    import('socket.io-client').then(
      ({ io }) => {
        loading = false;
        const socket = io(uri, { ...options, autoConnect: false }) as unknown as SocketLike;
        for (const [event, listener] of listeners) socket.on(event, listener);
        real = socket;
        if (wantConnected) socket.connect();
      },
      () => {
        loading = false;
        failed();
      },
    );
  };
  const proxy: SocketLike = {
    get connected() {
      return real?.connected ?? false;
    },
    get active() {
      return real ? real.active : loading;
    },
    on(event, listener) {
      listeners.push([event, listener]);
      real?.on(event, listener);
      return proxy;
    },
    timeout(ms) {
      if (real) return real.timeout(ms);
      return { emitWithAck: () => Promise.reject(new Error('socket.io not loaded')) };
    },
    connect() {
      wantConnected = true;
      if (real) real.connect();
      else load();
      return proxy;
    },
    disconnect() {
      wantConnected = false;
      real?.disconnect();
      return proxy;
    },
  };
  return proxy;
}

/** Fetches socket.io's client chunk ahead of the first connect (e.g. while a person signs in). */
export const socketIoChunk = {
  preload: (): Promise<void> => import('socket.io-client').then(() => undefined),
};
