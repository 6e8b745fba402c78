import type { ServerResponse } from 'node:http';
import type { Logger } from 'winston';
import type { ModelResolution } from '../models/resolve-model';
import { upstreamModelHeader } from '../models/upstream-model-header';
import type { Backend } from '../plugins/backend-registry';
import type { GatewayMetrics } from './metrics/gateway-metrics';
import type { MessagesResult } from '../plugins/plugin-contract';
import { ApiError, unavailable } from '../protocol/anthropic/errors';
import { runWithRetries, type AbortSource } from '../upstream';

export interface ChainOutcome {
  result: MessagesResult;
  backend: Backend;
  model: ModelResolution;
}

export interface ChainOptions {
  requestedModel: string;
  res: ServerResponse;
  logger: Logger;
  clientGone: AbortSource;
  deadline: number;
  /** Runs one backend's handler for one attempt. */
  attempt(backend: Backend, model: ModelResolution): Promise<MessagesResult>;
  metrics?: Pick<GatewayMetrics, 'retried' | 'fellBack' | 'upstreamAttempt'>;
}

/** One attempt, timed until the upstream's answer (or failure) came back. */
async function timedAttempt(options: ChainOptions, backend: Backend, model: ModelResolution): Promise<MessagesResult> {
  const metrics = options.metrics;
  if (!metrics) return options.attempt(backend, model);
  const startedAt = performance.now();
  try {
    const result = await options.attempt(backend, model);
    metrics.upstreamAttempt(backend.id, (performance.now() - startedAt) / 1000, 'answered');
    return result;
  } catch (error) {
    metrics.upstreamAttempt(backend.id, (performance.now() - startedAt) / 1000, 'failed');
    throw error;
  }
}

/** Errors caused by the request itself fail the same way everywhere: no point falling back. */
function isRequestFault(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 400 || error.status === 413 || error.status === 422);
}

/** The first configured backend after `position` whose breaker would let a request through. */
function openAlternativeAfter(chain: Backend[], position: number): Backend | undefined {
  for (let i = position + 1; i < chain.length; i++) {
    if (chain[i].configured && chain[i].breaker.accepting()) return chain[i];
  }
  return undefined;
}

function nextConfigured(chain: Backend[], position: number): Backend | undefined {
  for (let i = position + 1; i < chain.length; i++) if (chain[i].configured) return chain[i];
  return undefined;
}

/**
 * Tries the active backend, with retries, then each fallback in turn, as long
 * as nothing has been written to the client. A backend whose breaker is open
 * is skipped only for a later one that can take the request: with nothing
 * better ahead, the request is tried (the breaker never turns one away).
 */
export async function runBackendChain(chain: Backend[], options: ChainOptions): Promise<ChainOutcome> {
  const { res, logger, clientGone } = options;
  if (!chain.some((backend) => backend.configured)) throw chain[0].unconfiguredError();
  let lastError: unknown;
  for (const [position, backend] of chain.entries()) {
    if (!backend.configured) {
      logger.warn('Skipping unconfigured backend', { backend: backend.id, missing: backend.missing, invalid: backend.invalidNames });
      continue;
    }
    if (!backend.breaker.allowRequest()) {
      const instead = openAlternativeAfter(chain, position);
      if (instead) {
        logger.warn('Skipping backend while its circuit is open', { backend: backend.id, to: instead.id });
        options.metrics?.fellBack(backend.id, instead.id);
        continue;
      }
    }
    const next = nextConfigured(chain, position);
    const model = backend.resolveModel(options.requestedModel);
    logger.info('Model resolved', {
      backend: backend.id,
      model: options.requestedModel,
      upstream_model: model.upstreamModel,
      rule: model.rule,
      rule_detail: model.detail,
      api: model.api,
    });
    try {
      const result = await runWithRetries(
        () => {
          if (!res.headersSent) {
            res.setHeader('x-gateway-backend', backend.id);
            const served = upstreamModelHeader(model.upstreamModel);
            if (served) res.setHeader('x-gateway-upstream-model', served);
            else res.removeHeader('x-gateway-upstream-model');
          }
          return timedAttempt(options, backend, model);
        },
        {
          maxRetries: backend.maxRetries,
          deadline: options.deadline,
          signal: clientGone,
          isCommitted: () => res.headersSent,
          onRetry: (info) => {
            logger.warn('Retrying upstream request', { backend: backend.id, ...info });
            options.metrics?.retried(backend.id);
          },
        },
      );
      backend.breaker.recordSuccess();
      return { result, backend, model };
    } catch (error) {
      lastError = error;
      if (clientGone.aborted) throw error;
      backend.breaker.recordFailure(error);
      if (res.headersSent || isRequestFault(error) || !next) throw error;
      options.metrics?.fellBack(backend.id, next.id);
      logger.warn('Falling back to next backend', {
        from: backend.id,
        to: next.id,
        reason: (error as Error).message,
        status: error instanceof ApiError ? error.status : undefined,
      });
    }
  }
  throw lastError ?? unavailable('No backend could serve the request');
}
