import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';
import { ApiError } from '../protocol/anthropic/errors';
import { requestIdFor } from './request-context';
import { sendError } from './send-error';

type MessagesHandler = (req: Request, res: Response) => Promise<void>;

function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(new ApiError(413, `Request body is larger than the gateway's limit of ${Math.round(limitBytes / 1024 / 1024)} MB`));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

/**
 * `POST /v1/messages` served straight from node:http, without express's
 * router and body parser: it is the one hot path. Everything else (and any
 * compressed body, which express inflates) goes to the express app.
 */
export function withFastMessagesPath(app: Express, handleMessages: MessagesHandler, limitBytes: number): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '';
    const isMessages = req.method === 'POST' && (url === '/v1/messages' || url.startsWith('/v1/messages?'));
    const encoding = req.headers['content-encoding'];
    if (!isMessages || (encoding && encoding !== 'identity')) {
      app(req, res);
      return;
    }
    readBody(req, limitBytes).then(
      (body) => handleMessages(Object.assign(req, { body, originalUrl: url }) as unknown as Request, res as Response),
      (error: unknown) => {
        const id = requestIdFor(req);
        res.setHeader('request-id', id);
        sendError(res, error, id);
      },
    );
  };
}
