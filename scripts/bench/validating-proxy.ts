// A second reference for the LITELLM_MESSAGES path (`npm run bench -- --floor`):
// the two things issue 2 asks of the pass-through that the bare proxy skips,
// and nothing else, written plainly. It reads the whole body, validates it
// with the gateway's own code (an invalid body is never forwarded), forwards
// it with http-proxy-middleware and pipes the answer back. No request ids,
// logs, model map, retries or error envelopes: the gap between its rate and
// the bare proxy's is what validating and that library cost on their own.
//   node dist-tools/scripts/bench/validating-proxy.js --upstream http://127.0.0.1:PORT

import { Agent, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { MessagesRequestBody } from '../../core/server/messages-request-body';
import { serveFromCommandLine } from './proxy-command-line';

function readWholeBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export function startValidatingProxy(upstream: URL, port = 0): Promise<string> {
  const bodies = new WeakMap<IncomingMessage, Buffer>();
  const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
    target: upstream.origin,
    agent: new Agent({ keepAlive: true, maxSockets: 512 }),
    changeOrigin: true,
    selfHandleResponse: true,
    xfwd: false,
    ejectPlugins: true,
    plugins: [
      (server) => {
        server.on('proxyReq', (proxyReq, req) => {
          const body = bodies.get(req)!;
          proxyReq.setHeader('content-length', body.length);
          proxyReq.end(body);
        });
        server.on('proxyRes', (proxyRes, _req, res) => {
          res.writeHead(proxyRes.statusCode ?? 502, proxyRes.headers);
          proxyRes.pipe(res);
        });
        server.on('error', (_error, _req, res) => {
          if ('writeHead' in res && !res.headersSent) res.writeHead(502);
          res.end();
        });
      },
    ],
  });
  const server = createServer((req, res) => {
    readWholeBody(req).then((body) => {
      try {
        new MessagesRequestBody(body, {}, 'forwarded');
      } catch {
        res.writeHead(400).end();
        return;
      }
      bodies.set(req, body);
      void proxy(req, res, () => res.writeHead(502).end());
    }, () => res.destroy());
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

if (require.main === module) serveFromCommandLine('validating-proxy', (upstream) => startValidatingProxy(upstream));
