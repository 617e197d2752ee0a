// The layer rules of the README's architecture section, checked by `npm run lint`.
//
//   domain  <- store  <- services  <- http / realtime  <- app.ts / main.ts
//   hardware/ and labels/ are libraries of their own; kiosk/src talks to the server over HTTP only.
//
// A rule names what must not happen; a violation fails the lint with the rule's name and comment.
// Type-only imports (`import type`) vanish at compile time, so where a layer may know another's
// shapes but not run its code, the rule says `dependencyTypesNot: ['type-only']`.

/** Node modules that do I/O; domain/ must stay pure (node:crypto hashing is allowed). */
const NODE_IO = [
  'fs',
  'fs/promises',
  'net',
  'tls',
  'dgram',
  'dns',
  'http',
  'https',
  'http2',
  'child_process',
  'cluster',
  'worker_threads',
  'os',
  'process',
  'readline',
  'repl',
  'vm',
  'inspector',
  'module',
  'sqlite',
];
/** A package by name, as resolved into node_modules. */
const pkg = (...names) => `(^|/)node_modules/(${names.map((name) => name.replace('.', '\\.')).join('|')})/`;

const nodeIo = `^(node:)?(${NODE_IO.map((name) => name.replace('/', '\\/')).join('|')})$`;

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules form no import cycle: move the shared part to a module both import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'server/domain holds pure rules and types: it imports only server/domain (and node:crypto).',
      from: { path: '^server/domain/' },
      to: {
        pathNot: ['^server/domain/', '^(node:)?crypto$'],
      },
    },
    {
      name: 'domain-no-io',
      severity: 'error',
      comment: 'server/domain does no I/O: no file system, network, process or database modules.',
      from: { path: '^server/domain/' },
      to: { path: [nodeIo, pkg('knex', 'better-sqlite3', 'pg', 'serialport', 'socket.io', 'express')] },
    },
    {
      name: 'store-below-services',
      severity: 'error',
      comment:
        'server/store sits on server/domain: it may import domain, store, migrations and the config, and ' +
        'label types; never services, http, realtime or the rest of the server.',
      from: { path: '^server/store/' },
      to: {
        path: '^(server|hardware|labels|kiosk|bench|tests)/',
        pathNot: ['^server/(domain|store)/', '^server/config\\.ts$', '^migrations/', '^labels/'],
      },
    },
    {
      name: 'store-labels-types-only',
      severity: 'error',
      comment: 'server/store knows the label data shapes but does not render labels.',
      from: { path: '^server/store/' },
      to: { path: '^labels/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'store-knows-no-upper-layer',
      severity: 'error',
      comment:
        'Nothing in server/store imports server/services, server/http or server/realtime, not even types.',
      from: { path: '^server/store/' },
      to: { path: '^server/(services|http|realtime|cli|demo)/|^server/(app|main)\\.ts$' },
    },
    {
      name: 'services-know-no-transport',
      severity: 'error',
      comment:
        'server/services are use cases: they know no HTTP or socket.io (no server/http, server/realtime, ' +
        'express or socket.io), so every transport can call them.',
      from: { path: '^server/services/' },
      to: {
        path: [
          '^server/(http|realtime)/',
          pkg('express', 'socket.io', 'cookie-parser', 'helmet', '@types/express'),
        ],
      },
    },
    {
      name: 'sql-in-store-only',
      severity: 'error',
      comment:
        'SQL lives in server/store only: outside it knex may be imported for its types (`import type`), ' +
        'never at run time. (bench/ measures the raw drivers on purpose and is not production code.)',
      from: { path: '^(server|hardware|labels|kiosk)/', pathNot: '^server/store/' },
      to: { path: pkg('knex', 'better-sqlite3', 'pg'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'hardware-without-server',
      severity: 'error',
      comment: 'hardware/ is usable without the server: it never imports server/, labels/ or kiosk/.',
      from: { path: '^hardware/' },
      to: { path: '^(server|labels|kiosk)/' },
    },
    {
      name: 'labels-without-server',
      severity: 'error',
      comment: 'labels/ is usable without the server: it never imports server/, hardware/ or kiosk/.',
      from: { path: '^labels/' },
      to: { path: '^(server|hardware|kiosk)/' },
    },
    {
      name: 'screens-through-the-api',
      severity: 'error',
      comment:
        'kiosk/src reaches data only through the HTTP API and socket.io: it may import server types ' +
        '(`import type`), never server code.',
      from: { path: '^kiosk/src/' },
      to: { path: '^(server|hardware|labels|migrations)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'screens-apart',
      severity: 'error',
      comment:
        'Each screen (kiosk/src/<screen>/) builds on kiosk/src/shared/ and its own modules only: what two ' +
        'screens need is moved into shared/, so one screen’s chunk never pulls in another’s.',
      from: { path: '^kiosk/src/(kiosk|dashboard)/' },
      to: { path: '^kiosk/src/(kiosk|dashboard)/', pathNot: '^kiosk/src/$1/' },
    },
    {
      name: 'screens-no-server-packages',
      severity: 'error',
      comment: 'kiosk/src runs in the browser: no server-side packages.',
      from: { path: '^kiosk/src/' },
      to: {
        path: pkg(
          'knex',
          'better-sqlite3',
          'pg',
          'express',
          'socket.io',
          'serialport',
          'pino',
          '@node-rs/argon2',
        ),
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'not-to-tests',
      severity: 'error',
      comment: 'Production code does not import test code (bench/ may reuse test samples).',
      from: { path: '^(server|hardware|labels|kiosk/src|migrations)/' },
      to: { path: '^tests/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves (a misspelt path or a package missing from package.json).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|data|kiosk/dist)/' },
    // Keep type-only imports in the graph so that rules can tell them apart from run-time imports.
    tsPreCompilationDeps: true,
    // node_modules may be a symbolic link (a second checkout sharing the packages): keep its path.
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      // Sources import `./x.js` (NodeNext) or `./x` (the kiosk's bundler resolution) for `./x.ts(x)`;
      // dependency-cruiser maps a `.js` specifier to its TypeScript source itself.
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
