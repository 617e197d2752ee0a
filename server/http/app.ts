// The Express application: security headers, body limits, the /api/v1 routes, the OpenAPI document and
// the error middleware. Routes get their services from the caller; nothing here touches the database.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import cookieParser from 'cookie-parser';
import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import { DanganError } from '../domain/errors.js';
import type { Logger } from '../logger.js';
import type { SessionActor } from '../services/auth.js';
import { errorMiddleware } from './errors.js';
import { requestGuard } from './request-guard.js';
import { mountRoutes, type AnyRoute } from './route.js';
import { staticAssets } from './static-assets.js';

export interface HttpAppOptions {
  routes: AnyRoute[];
  authenticate: (req: Request) => Promise<SessionActor | null>;
  logger: Logger;
  version: string;
  /** Served behind HTTPS (security.secureCookies): browsers may upgrade sub-requests. */
  https?: boolean;
  /** Static files (the kiosk and screens), mounted at /. */
  staticDir?: string;
  /** security.allowedOrigins: origins besides our own that may send state-changing requests. */
  allowedOrigins?: readonly string[];
}

export function buildOpenApi(routes: AnyRoute[], version: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'dangan_session',
  });
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  mountRoutes(express.Router(), registry, routes, async () => null);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Dangan (档案) API',
      version,
      description: 'Physical-archive custody: dossiers, items, circulation and the custody log.',
    },
    servers: [{ url: '/' }],
  });
}

export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'connect-src': ["'self'"],
          // Property offices often serve over plain HTTP on the LAN: upgrading sub-requests would load nothing.
          'upgrade-insecure-requests': options.https ? [] : null,
        },
      },
    }),
  );
  app.use(cookieParser());
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', requestGuard({ allowedOrigins: options.allowedOrigins ?? [], https: options.https }));
  app.use('/api', express.json({ limit: '256kb', strict: true }));

  const api = express.Router();
  const registry = new OpenAPIRegistry();
  mountRoutes(api, registry, options.routes, options.authenticate);
  const openapi = buildOpenApi(options.routes, options.version);
  api.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  api.use((_req, _res, next) => next(new DanganError('ROUTE_NOT_FOUND')));
  app.use('/api/v1', api);
  app.use('/api', (_req, _res, next) => next(new DanganError('ROUTE_NOT_FOUND')));

  if (options.staticDir) {
    // Precompressed copies and Cache-Control first; express.static sends the rest (identity, ranges, 304s).
    app.use(staticAssets(options.staticDir));
    app.use(express.static(options.staticDir, { index: 'index.html', cacheControl: false }));
  }
  app.use(errorMiddleware(options.logger));
  return app;
}
