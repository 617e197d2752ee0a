// shared/socket-io.ts: the socket handed out before socket.io's chunk is there records listeners and a
// connect(), and passes them to the real client once it is loaded.
import { describe, expect, it, vi } from 'vitest';

const made: Array<{ uri: string; options: Record<string, unknown>; socket: ReturnType<typeof fakeIo> }> = [];
function fakeIo() {
  const handlers: Array<[string, unknown]> = [];
  return {
    handlers,
    connected: false,
    active: true,
    on: vi.fn((event: string, listener: unknown) => handlers.push([event, listener])),
    timeout: vi.fn(() => ({ emitWithAck: vi.fn(async () => ({ ok: true })) })),
    connect: vi.fn(),
    disconnect: vi.fn(),
  };
}
vi.mock('socket.io-client', () => ({
  io: (uri: string, options: Record<string, unknown>) => {
    const socket = fakeIo();
    made.push({ uri, options, socket });
    return socket;
  },
}));

const { deferredSocketIo } = await import('../../kiosk/src/shared/socket-io');

describe('deferredSocketIo', () => {
  it('fetches socket.io on connect(), then attaches the listeners and connects', async () => {
    const socket = deferredSocketIo('/', { auth: { stationToken: 't' }, transports: ['websocket'] });
    const onConnect = () => undefined;
    socket.on('connect', onConnect);
    expect(made).toHaveLength(0); // nothing fetched before it is wanted
    expect(socket.connected).toBe(false);
    await expect(socket.timeout(100).emitWithAck('subscribe', {})).rejects.toThrow();
    socket.connect();
    await vi.waitFor(() => expect(made).toHaveLength(1));
    const real = made[0]!;
    expect(real.uri).toBe('/');
    expect(real.options).toEqual({
      auth: { stationToken: 't' },
      transports: ['websocket'],
      autoConnect: false,
    });
    expect(real.socket.handlers).toEqual([['connect', onConnect]]);
    expect(real.socket.connect).toHaveBeenCalledTimes(1);
    // From now on every call goes straight to the real client.
    const later = () => undefined;
    socket.on('custody', later);
    expect(real.socket.handlers.at(-1)).toEqual(['custody', later]);
    socket.disconnect();
    expect(real.socket.disconnect).toHaveBeenCalledTimes(1);
    socket.connect();
    expect(real.socket.connect).toHaveBeenCalledTimes(2);
    expect(made).toHaveLength(1);
  });

  it('does not connect a socket disconnected before its chunk arrived', async () => {
    const socket = deferredSocketIo('/', {});
    socket.connect();
    socket.disconnect();
    await vi.waitFor(() => expect(made).toHaveLength(2));
    expect(made[1]!.socket.connect).not.toHaveBeenCalled();
  });
});
