import type { Request, Response } from 'express';
import type { Logger } from 'winston';
import type { ResolvedConfig } from '../config/resolve-config';
import type { Backend, BackendRegistry } from '../plugins/backend-registry';
import type { MessagesContext, MessagesResult } from '../plugins/plugin-contract';
import { accumulateStream } from '../protocol/anthropic/accumulate-stream';
import { ApiError } from '../protocol/anthropic/errors';
import { messageToEvents } from '../protocol/anthropic/message-to-events';
import type { MessagesRequest, StreamEvent, Usage } from '../protocol/anthropic/types';
import { AttemptContext } from './messages-context';
import { MessagesRequestBody } from './messages-request-body';
import { callerOf } from './access/caller';
import type { GatewayMetrics } from './metrics/gateway-metrics';
import { pipeRaw } from './pipe-raw';
import type { GatewayState } from './gateway-state';
import { createRequestContext, type RequestContext } from './request-context';
import { runBackendChain } from './run-backend-chain';
import { sendError } from './send-error';
import { writeEventStream } from './write-event-stream';

export interface MessagesRouteOptions {
  /** Dedicated routes serve one plugin whatever the active backend is. */
  backend?: Backend;
  forcedModel?: string;
  forcedStream?: boolean;
}

export interface GatewayDeps {
  registry: BackendRegistry;
  config: ResolvedConfig;
  logger: Logger;
  state: GatewayState;
  metrics: GatewayMetrics;
}

/** Sends what a plugin returned in the shape the client asked for. */
async function deliver(
  result: MessagesResult,
  stream: boolean,
  res: Response,
  rc: RequestContext,
  pingIntervalMs: number,
  upstream: string,
  requestedModel: string,
): Promise<{ usage?: Partial<Usage>; error?: string }> {
  switch (result.type) {
    case 'handled':
      return {};
    case 'raw':
      return pipeRaw(result, res, upstream, requestedModel);
    case 'message':
      if (stream) {
        return writeEventStream(res, inOneBatch(messageToEvents(result.message)), { headers: result.headers, pingIntervalMs, clientGone: rc.clientGone });
      }
      sendJson(res, 200, result.message, result.headers);
      return { usage: result.message.usage };
    case 'stream': {
      if (stream) return writeEventStream(res, result.events, { headers: result.headers, pingIntervalMs, clientGone: rc.clientGone });
      const message = await accumulateStream(result.events);
      sendJson(res, 200, message, result.headers);
      return { usage: message.usage };
    }
  }
}

/** The body, taken off the request, which outlives the answer (see readBody in fast-messages-path.ts). */
function takeBody(req: Request): Buffer {
  const raw = req.body as Buffer;
  req.body = undefined;
  return raw;
}

/**
 * Read in a function of its own: read inline, the Buffer stays in a register
 * of the suspended async handler, and so in memory until the answer ends.
 */
function bodyLength(req: Request): number {
  return (req.body as Buffer | undefined)?.length ?? 0;
}

async function* inOneBatch(events: Iterable<StreamEvent>): AsyncGenerator<StreamEvent[]> {
  yield [...events];
}

export { pipeRaw };

export function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The `Request completed` log line: one shape for every request (fields left undefined are not logged). */
class RequestSummary {
  status = 0;
  duration_ms = 0;
  client_gone: true | undefined = undefined;
  model: string | undefined = undefined;
  stream: boolean | undefined = undefined;
  backend: string | undefined = undefined;
  upstream_model: string | undefined = undefined;
  input_tokens: number | undefined = undefined;
  output_tokens: number | undefined = undefined;
  stream_error: string | undefined = undefined;
  error: string | undefined = undefined;
  cache_read_input_tokens: number | undefined = undefined;
  cache_creation_input_tokens: number | undefined = undefined;
  /** The upstream's own id for the call, to find it in the upstream's logs or bills. */
  upstream_request_id: string | undefined = undefined;

  /** The counts the upstream reported (a translated backend's estimates where it reported none). */
  addUsage(usage: Partial<Usage> | undefined): void {
    if (!usage) return;
    this.input_tokens = usage.input_tokens ?? undefined;
    this.output_tokens = usage.output_tokens ?? undefined;
    this.cache_read_input_tokens = usage.cache_read_input_tokens ?? undefined;
    this.cache_creation_input_tokens = usage.cache_creation_input_tokens ?? undefined;
  }
}

export function createMessagesHandler(deps: GatewayDeps, route: MessagesRouteOptions = {}) {
  return async (req: Request, res: Response): Promise<void> => {
    const rc = createRequestContext(req, res, deps.logger);
    const summary = new RequestSummary();
    const inFlight = deps.metrics.trackInFlight();
    const bodyBytes = bodyLength(req);
    let answeredAt: number | undefined;
    try {
      const chain = route.backend ? [route.backend] : deps.registry.chain();
      const body = new MessagesRequestBody(takeBody(req), route, chain[0].loaded.manifest.requestBody);
      const { model, stream } = body;
      summary.model = model;
      summary.stream = stream;
      if (stream) inFlight.streaming();
      summary.backend = chain[0].id;
      rc.logger.info('Processing message request', { model, backend: chain[0].id, stream });
      const outcome = await runBackendChain(chain, {
        requestedModel: model,
        res,
        logger: rc.logger,
        clientGone: rc.clientGone,
        deadline: Date.now() + deps.config.requestDeadlineMs,
        attempt: (backend, resolved) => {
          return backend.loaded.plugin.messages(new AttemptContext(backend, body, resolved.upstreamModel, stream, req, res, rc));
        },
        metrics: deps.metrics,
      });
      answeredAt = performance.now();
      // No attempt can read the body from here on: the answer has begun.
      body.dispose();
      deps.state.bodyBudget.release(req);
      summary.backend = outcome.backend.id;
      summary.upstream_model = outcome.model.upstreamModel;
      summary.upstream_request_id = outcome.result.type === 'handled' ? undefined : outcome.result.upstreamRequestId;
      const upstreamName = outcome.backend.loaded.manifest.title ?? outcome.backend.id;
      const delivered = await deliver(outcome.result, stream, res, rc, deps.config.pingIntervalMs, upstreamName, model);
      summary.addUsage(delivered.usage);
      summary.stream_error = delivered.error;
    } catch (error) {
      if (rc.clientGone.aborted) return;
      const apiError = sendError(res, error, rc.id);
      summary.error = apiError.message;
      if (!(error instanceof ApiError)) rc.logger.error('Unexpected failure', { error: (error as Error)?.stack ?? String(error) });
    } finally {
      // Ended by the gateway (a drain ran out of time): whatever was not written yet ends with why.
      const cutBy = rc.clientGone.cutBy;
      if (cutBy && !res.writableEnded) summary.error = sendError(res, cutBy, rc.id).message;
      summary.status = res.statusCode;
      summary.duration_ms = Math.round(performance.now() - rc.startedAt);
      summary.client_gone = (rc.clientGone.aborted && !cutBy) || undefined;
      rc.logger.info('Request completed', summary);
      inFlight.end();
      deps.metrics.completed({
        backend: summary.backend ?? route.backend?.id ?? deps.registry.active.id,
        model: summary.upstream_model,
        caller: callerOf(req),
        status: summary.status,
        stream: summary.stream === true,
        durationMs: summary.duration_ms,
        firstByteMs: answeredAt === undefined ? summary.duration_ms : answeredAt - rc.startedAt,
        bodyBytes,
        usage: summary,
      });
    }
  };
}
