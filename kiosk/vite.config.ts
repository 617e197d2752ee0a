// Builds the browser screens into kiosk/dist, which the server serves at /: the start page (index.html),
// the archive-room door kiosk (kiosk/index.html -> /kiosk/) and the supervisors' live board
// (dashboard/index.html -> /dashboard/), with .br and .gz copies of each text file.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.js';

const page = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: page('.'),
  plugins: [preact(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    rolldownOptions: {
      input: {
        main: page('index.html'),
        kiosk: page('kiosk/index.html'),
        dashboard: page('dashboard/index.html'),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080', '/socket.io': { target: 'ws://localhost:8080', ws: true } },
  },
});
