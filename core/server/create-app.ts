import express, { type NextFunction, type Request, type Response } from 'express';
import { ApiError, notFound } from '../protocol/anthropic/errors';
import type { RouteContext } from '../plugins/plugin-contract';
import type { Backend } from '../plugins/backend-registry';
import { countTokensRoute } from './routes/count-tokens';
import { healthRoute } from './routes/health';
import { modelsRoute } from './routes/models';
import { createRequestContext, requestIdFor } from './request-context';
import { createMessagesHandler, sendJson, type GatewayDeps } from './serve-messages';
import { sendError } from './send-error';

function bodyParserError(error: unknown, limitBytes: number): ApiError | undefined {
  const type = (error as { type?: string })?.type;
  if (type === 'entity.too.large') {
    return new ApiError(413, `Request body is larger than the gateway's limit of ${Math.round(limitBytes / 1024 / 1024)} MB`);
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new ApiError(400, (error as Error).message);
  if (type === 'request.aborted') return new ApiError(400, 'Request aborted by the client');
  return undefined;
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
      clientGone: rc.clientGone,
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
  const rawBody = express.raw({ type: () => true, limit: deps.config.server.bodyLimitBytes });

  app.head('/', (_req, res) => void res.status(200).end());
  app.get('/', (_req, res) => sendJson(res, 200, { status: 'ok', backend: deps.registry.active.id }));
  app.get('/health', healthRoute(deps.registry));
  app.get('/v1/models', modelsRoute(deps.registry));
  app.post('/v1/messages', rawBody, createMessagesHandler(deps));
  app.post('/v1/messages/stream', rawBody, createMessagesHandler(deps, { forcedStream: true }));
  app.post('/v1/messages/count_tokens', rawBody, countTokensRoute(deps));

  for (const backend of deps.registry.all()) {
    for (const route of backend.loaded.manifest.routes ?? []) {
      const handler =
        route.handler === 'messages'
          ? createMessagesHandler(deps, { backend, forcedModel: route.model, forcedStream: route.stream })
          : pluginRoute(deps, backend, route.handler);
      if (route.method === 'POST') app.post(route.path, rawBody, handler);
      else app.get(route.path, handler);
    }
  }

  // Claude Code calls a few paths a gateway need not serve (/api/event_logging/batch, ...).
  app.use((req: Request, res: Response) => {
    const id = requestIdFor(req);
    res.setHeader('request-id', id);
    deps.logger.debug('No route', { method: req.method, path: req.path, correlation_id: id });
    sendError(res, notFound(`${req.method} ${req.path} is not served by this gateway`), id);
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = bodyParserError(error, deps.config.server.bodyLimitBytes);
    if (!known) deps.logger.error('Unhandled request error', { path: req.path, error: (error as Error)?.message });
    let id = String(res.getHeader('request-id') ?? '');
    if (!id && !res.headersSent) {
      id = requestIdFor(req);
      res.setHeader('request-id', id);
    }
    sendError(res, known ?? error, id);
  });

  return app;
}
