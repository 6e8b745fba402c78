import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';
import { ApiError } from '../protocol/anthropic/errors';
import { requestIdFor } from './request-context';
import { sendError } from './send-error';

type MessagesHandler = (req: Request, res: Response) => Promise<void>;

/**
 * The whole body. Its listeners are removed once it is read: the request
 * object lives on in its connection's parser until the next request arrives
 * there, and a listener left on it would hold this promise, and with it the
 * body, that long.
 */
function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        stop();
        req.resume();
        reject(new ApiError(413, `Request body is larger than the gateway's limit of ${Math.round(limitBytes / 1024 / 1024)} MB`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const stop = () => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
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
