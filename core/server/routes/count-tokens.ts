import type { Request, Response } from 'express';
import { parseJsonBody } from '../messages-request-body';
import { AttemptContext } from '../messages-context';
import { pipeRaw, sendJson, type GatewayDeps } from '../serve-messages';
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
      const result = await plugin.countTokens(new AttemptContext(backend, { raw: req.body as Buffer, model: body.model, parsed: body, release: () => undefined }, model.upstreamModel, false, req, res, rc));
      if ('input_tokens' in result) sendJson(res, 200, result);
      else if (result.type === 'raw') await pipeRaw(result, res);
    } catch (error) {
      if (!rc.clientGone.aborted) sendError(res, error, rc.id);
    }
  };
}
