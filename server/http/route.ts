// One definition per endpoint: its schemas validate the request at run time AND describe it in the OpenAPI
// document, so the two can never drift apart. Every route names who may call it; none is open by accident.
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { DanganError } from '../domain/errors.js';
import type { SessionActor } from '../services/auth.js';

extendZodWithOpenApi(z);

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HandlerContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The signed-in person; present on every route whose `auth` is not 'public'. */
  actor: SessionActor;
  req: Request;
  res: Response;
}

export interface RouteDef<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
> {
  method: Method;
  /** Express-style path under /api/v1, e.g. `/items/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** 'public' (health, sign-in) or 'session': a signed-in user; per-record rules are checked by the services. */
  auth: 'public' | 'session';
  /**
   * A kiosk action: reachable with a badge session (signed in at a paired station). Every other route
   * refuses badge sessions, so a badge and PIN never open more than the door kiosk offers.
   */
  kiosk?: true;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: number;
  handler: (ctx: HandlerContext<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<z.infer<R>>;
}

// Erased form used once routes are collected; each definition is checked against its own types above.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any, any>;

export function defineRoute<
  P extends z.ZodType = z.ZodObject<Record<string, never>>,
  Q extends z.ZodType = z.ZodObject<Record<string, never>>,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
>(def: RouteDef<P, Q, B, R>): AnyRoute {
  return def;
}

export const ErrorBody = z
  .object({
    code: z.string().openapi({ example: 'ITEM_ALREADY_OUT' }),
    message: z
      .string()
      .openapi({ description: 'In the language asked for by Accept-Language (zh-CN by default)' }),
    messages: z.object({ 'zh-CN': z.string(), en: z.string() }),
    details: z.unknown().optional(),
  })
  .openapi('Error');

function parse<T extends z.ZodType>(
  schema: T | undefined,
  value: unknown,
  where: string,
): z.infer<T> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new DanganError('VALIDATION_FAILED', {
      in: where,
      issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return result.data;
}

/** Mounts the routes on `router` (in order) and registers them in `registry`. */
export function mountRoutes(
  router: Router,
  registry: OpenAPIRegistry,
  routes: AnyRoute[],
  authenticate: (req: Request) => Promise<SessionActor | null>,
): void {
  for (const route of routes) {
    register(registry, route);
    const handler: RequestHandler = async (req, res, next) => {
      try {
        const actor = route.auth === 'public' ? null : await authenticate(req);
        if (route.auth !== 'public' && !actor) throw new DanganError('UNAUTHENTICATED');
        if (actor?.kind === 'badge' && !route.kiosk) throw new DanganError('FORBIDDEN', { session: 'badge' });
        const params = parse(route.params, req.params, 'path');
        const query = parse(route.query, req.query, 'query');
        const body = route.body ? parse(route.body, req.body ?? {}, 'body') : undefined;
        const result = await route.handler({ params, query, body, actor: actor as SessionActor, req, res });
        if (!res.headersSent) res.status(route.status ?? 200).json(result);
      } catch (e) {
        next(e);
      }
    };
    router[route.method](route.path, handler);
  }
}

function register(registry: OpenAPIRegistry, route: AnyRoute): void {
  const openApiPath = route.path.replace(/:(\w+)/g, '{$1}');
  const errors = { description: 'Error', content: { 'application/json': { schema: ErrorBody } } };
  registry.registerPath({
    method: route.method,
    path: `/api/v1${openApiPath}`,
    summary: route.summary,
    ...(route.kiosk ? { description: 'A kiosk action: badge sessions may call it.' } : {}),
    tags: [route.tag],
    security: route.auth === 'public' ? [] : [{ session: [] }, { bearer: [] }],
    request: {
      ...(route.params ? { params: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
      ...(route.body ? { body: { content: { 'application/json': { schema: route.body } } } } : {}),
    },
    responses: {
      [route.status ?? 200]: {
        description: 'OK',
        content: { 'application/json': { schema: route.response } },
      },
      400: errors,
      ...(route.auth === 'public' ? {} : { 401: errors, 403: errors }),
      404: errors,
      409: errors,
    },
  });
}
