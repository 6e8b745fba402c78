import type { Request, Response } from 'express';
import { contentType } from 'prom-client';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { sendError } from '../send-error';
import { requestIdFor } from '../request-context';
import { ApiError } from '../../protocol/anthropic/errors';

/** GET /metrics in Prometheus' text format (behind the gateway's keys when it has some). */
export function metricsRoute(metrics: GatewayMetrics) {
  return (req: Request, res: Response) => {
    metrics.render().then(
      (text) => {
        res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
        res.end(text);
      },
      (error: Error) => sendError(res, new ApiError(503, `Metrics are not available right now: ${error.message}`), requestIdFor(req)),
    );
  };
}
