import type { Request, Response } from 'express';
import type { GatewayDeps } from '../serve-messages';
import { parseJsonBody, sendJson } from '../serve-messages';
import { validateCountTokensRequest } from '../../protocol/anthropic/validate-request';
import { estimateInputTokens } from '../../protocol/estimate-input-tokens';
import { createRequestContext } from '../request-context';
import { sendError } from '../send-error';

/**
 * Forwarded to the active backend when its plugin can count; otherwise the
 * local estimate (see estimate-input-tokens.ts). Never retried, never counted
 * against a backend's health: Claude Code sends many of these.
 */
export function countTokensRoute(deps: GatewayDeps) {
  return async (req: Request, res: Response) => {
    const rc = createRequestContext(req, res, deps.logger);
    try {
      const body = validateCountTokensRequest(parseJsonBody(req.body));
      const backend = deps.registry.active;
      const plugin = backend.loaded.plugin;
      if (!plugin.countTokens || !backend.configured) {
        sendJson(res, 200, { input_tokens: estimateInputTokens(body) }, { 'x-gateway-token-count': 'estimate' });
        return;
      }
      const model = backend.resolveModel(body.model);
      const queryAt = req.originalUrl.indexOf('?');
      const result = await plugin.countTokens({
        body,
        rawBody: req.body as Buffer,
        requestedModel: body.model,
        upstreamModel: model.upstreamModel,
        settings: backend.settings,
        options: backend.options,
        manifest: backend.loaded.manifest,
        clientHeaders: req.headers,
        query: queryAt === -1 ? '' : req.originalUrl.slice(queryAt + 1),
        requestId: rc.id,
        logger: rc.logger,
        signal: rc.signal,
        timeouts: backend.timeouts,
        inputTokenEstimate: estimateInputTokens(body),
        http: { req, res },
      });
      if ('input_tokens' in result) sendJson(res, 200, result);
      else if (result.type === 'message' || result.type === 'stream') sendJson(res, 502, { type: 'error', error: { type: 'api_error', message: 'count_tokens answered with a message' } });
      else if (result.type === 'raw') {
        res.writeHead(result.status, result.headers);
        result.body.pipe(res);
      }
    } catch (error) {
      if (!rc.signal.aborted) sendError(res, error, rc.id);
    }
  };
}
