import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentType } from 'prom-client';
import type { Logger } from '../../log/logger';
import { ApiError, notFound } from '../../protocol/anthropic/errors';
import { createHostCheck } from '../access/host-check';
import { requestIdFor } from '../request-context';
import { sendError } from '../send-error';

// Loopback only, whatever HOST says: it answers without a key, so only a
// scraper on the same host (a sidecar, a node-local agent) may reach it.
const METRICS_HOST = '127.0.0.1';

/**
 * GATEWAY_METRICS_PORT: a server of its own that answers `GET /metrics` and
 * nothing else, so Prometheus can scrape without one of the gateway's keys.
 */
export async function startMetricsServer(port: number, render: () => Promise<string>, logger: Logger): Promise<{ server: Server; url: string }> {
  const knownHost = createHostCheck(METRICS_HOST, [])!;
  const server = createServer((req, res) => {
    // No key here, so no browser either: a page (or one whose name was rebound to this machine) never reads it.
    if (req.headers.origin !== undefined || !knownHost(req.headers.host)) {
      sendError(res, new ApiError(403, 'The metrics port answers scrapers on this machine, not browser pages'), requestIdFor(req));
      return;
    }
    const path = (req.url ?? '/').split('?', 1)[0];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || path !== '/metrics') {
      sendError(res, notFound(`${req.method} ${path} is not served on the metrics port`), requestIdFor(req));
      return;
    }
    render().then(
      (text) => {
        res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: Error) => sendError(res, new ApiError(503, `Metrics are not available right now: ${error.message}`), requestIdFor(req)),
    );
  });
  server.listen(port, METRICS_HOST);
  await once(server, 'listening');
  // Scrapes are rare: an idle scraper connection must not keep a stopping process alive.
  server.unref();
  const url = `http://${METRICS_HOST}:${(server.address() as AddressInfo).port}/metrics`;
  logger.info('Metrics listening', { url });
  return { server, url };
}
