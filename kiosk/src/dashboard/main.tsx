// Entry of /dashboard/: the supervisors' live board. Wires the real fetch and socket.io into the
// controller and renders it.
import { render } from 'preact';
import { deferredSocketIo } from '../shared/socket-io';
import { createDashboardApi } from './api';
import { DashboardApp, preloadPages } from './app';
import { DashboardController } from './controller';
import { windowAddress } from './navigation';
import './dashboard.css';

const controller = new DashboardController({
  api: createDashboardApi(window.fetch.bind(window)),
  address: windowAddress(),
  // Used in wall-screen mode only (state/wall.ts): the tab's own storage, gone when the tab closes.
  tokenStore: window.sessionStorage,
  // The session token travels in the handshake's auth payload, never in the URL; WebSocket only, because
  // the server admits only connections that name their origin (a long-polling GET does not).
  connect: (token) =>
    deferredSocketIo('/', {
      auth: { token },
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      timeout: 10_000,
    }),
});

controller.start();
render(<DashboardApp c={controller} />, document.getElementById('app')!);
preloadPages();
