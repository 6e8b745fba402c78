// The baseline: the least a node:http proxy can do. Method, path, headers and
// body go to the upstream over a keep-alive agent; the answer is piped back.
//   node dist-tools/scripts/bench/bare-proxy.js --upstream http://127.0.0.1:PORT

import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveFromCommandLine } from './proxy-command-line';

// Node frames each side's connection and body itself.
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade'];

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

export function startBareProxy(upstream: URL, port = 0): Promise<string> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const server = createServer((req, res) => {
    const upstreamReq = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...withoutHopByHop(req.headers), host: upstream.host },
        agent,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, withoutHopByHop(upstreamRes.headers));
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.once('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    res.once('close', () => {
      if (!res.writableFinished) upstreamReq.destroy();
    });
    req.pipe(upstreamReq);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

if (require.main === module) serveFromCommandLine('bare-proxy', (upstream) => startBareProxy(upstream));
