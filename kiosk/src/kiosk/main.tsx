// Entry of /kiosk/: the screen at the archive-room door. Wires the real fetch, socket.io, localStorage and
// WebAudio into the controller and renders it.
import { render } from 'preact';
import { deferredSocketIo } from '../shared/socket-io';
import { createSound } from '../shared/sound';
import { createApi } from './api';
import { KioskApp } from './app';
import { KioskController } from './controller';
import { flushWhenLeaving, leavingAwareFetch } from './leaving';
import './kiosk.css';

const network = leavingAwareFetch();
const controller = new KioskController({
  api: createApi(network.fetch),
  // The station token travels in the handshake's auth payload, never in the URL. The controller calls
  // connect() itself once its listeners are in place; socket.io's chunk is fetched after first paint.
  connect: (stationToken) =>
    deferredSocketIo('/', {
      auth: { stationToken },
      // WebSocket only: a same-origin long-polling GET carries no Origin header, and the server admits
      // only connections that name an allowed origin.
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      timeout: 10_000,
    }),
  storage: window.localStorage,
  sound: createSound(),
});

flushWhenLeaving(window, controller, network.markLeaving);
controller.start();
render(<KioskApp c={controller} />, document.getElementById('app')!);
