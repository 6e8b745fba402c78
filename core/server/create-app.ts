import express, { type NextFunction, type Request, type Response } from 'express';
import { ApiError, notFound } from '../protocol/anthropic/errors';
import type { RouteContext } from '../plugins/plugin-contract';
import type { Backend } from '../plugins/backend-registry';
import { countTokensRoute } from './routes/count-tokens';
import { healthRoute } from './routes/health';
import { readyRoute } from './routes/ready';
import { metricsRoute } from './routes/metrics';
import { modelsRoute } from './routes/models';
import { callerOf } from './access/caller';
import { readRequestBody } from './read-request-body';
import { createRequestContext, requestIdFor } from './request-context';
import { createMessagesHandler, sendJson, type GatewayDeps } from './serve-messages';
import { sendError } from './send-error';

/**
 * The body as a Buffer on `req.body`, read as the fast path reads it:
 * inflated when compressed, within the size limit, its bytes counted against
 * the budget of bodies held at once. Failures are ApiErrors for the error handler.
 */
function rawBodyReader(deps: GatewayDeps) {
  const budget = deps.state.bodyBudget;
  const options = { limitBytes: deps.config.server.bodyLimitBytes, budget };
  return (req: Request, res: Response, next: NextFunction) => {
    readRequestBody(req, options).then((body) => {
      budget.holdFor(req, res, body.length);
      req.body = body;
      next();
    }, next);
  };
}

/** A handler whose run a drain waits for (its `Request completed` line comes after its response closed). */
function tracked(deps: GatewayDeps, handler: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response) => deps.state.inflight.runs(handler(req, res));
}

function pluginRoute(deps: GatewayDeps, backend: Backend, handlerName: string) {
  const handler = backend.loaded.plugin.routes?.[handlerName];
  if (!handler) {
    throw new Error(`Plugin ${backend.loaded.manifestPath} declares route handler "${handlerName}" but does not export it`);
  }
  return async (req: Request, res: Response) => {
    const rc = createRequestContext(req, res, deps.logger);
    const ctx: RouteContext = {
      settings: backend.settings,
      options: backend.options,
      manifest: backend.loaded.manifest,
      modelMap: backend.modelMap,
      configured: backend.configured,
      missing: backend.missing,
      logger: rc.logger.child({ backend: backend.id }),
      get signal() {
        return rc.clientGone.signal;
      },
      req,
      requestId: rc.id,
    };
    try {
      const result = await handler(ctx);
      sendJson(res, result.status, result.body, result.headers);
    } catch (error) {
      if (!rc.clientGone.aborted) sendError(res, error, rc.id);
    }
  };
}

export function createApp(deps: GatewayDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const rawBody = rawBodyReader(deps);

  app.head('/', (_req, res) => void res.status(200).end());
  app.get('/', (_req, res) => sendJson(res, 200, { status: 'ok', backend: deps.registry.active.id }));
  app.get('/health', healthRoute(deps.registry));
  app.get('/health/ready', readyRoute(deps.registry, deps.state));
  app.get('/metrics', metricsRoute(deps.metrics));
  app.get('/v1/models', modelsRoute(deps.registry));
  app.post('/v1/messages', rawBody, tracked(deps, createMessagesHandler(deps)));
  app.post('/v1/messages/stream', rawBody, tracked(deps, createMessagesHandler(deps, { forcedStream: true })));
  app.post('/v1/messages/count_tokens', rawBody, tracked(deps, countTokensRoute(deps)));

  for (const backend of deps.registry.all()) {
    for (const route of backend.loaded.manifest.routes ?? []) {
      const handler =
        route.handler === 'messages'
          ? createMessagesHandler(deps, { backend, forcedModel: route.model, forcedStream: route.stream })
          : pluginRoute(deps, backend, route.handler);
      if (route.method === 'POST') app.post(route.path, rawBody, tracked(deps, handler));
      else app.get(route.path, handler);
    }
  }

  // Claude Code calls a few paths a gateway need not serve (/api/event_logging/batch, ...).
  app.use((req: Request, res: Response) => {
    const id = requestIdFor(req);
    res.setHeader('request-id', id);
    deps.logger.debug('No route', { method: req.method, path: req.path, correlation_id: id, caller: callerOf(req) });
    sendError(res, notFound(`${req.method} ${req.path} is not served by this gateway`), id);
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // The body reader's refusals (size, budget, encoding) are ApiErrors.
    const known = error instanceof ApiError ? error : undefined;
    if (!known) deps.logger.error('Unhandled request error', { path: req.path, error: (error as Error)?.message, caller: callerOf(req) });
    let id = String(res.getHeader('request-id') ?? '');
    if (!id && !res.headersSent) {
      id = requestIdFor(req);
      res.setHeader('request-id', id);
    }
    sendError(res, known ?? error, id);
  });

  return app;
}
