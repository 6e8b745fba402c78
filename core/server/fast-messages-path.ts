import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';
import { endIdleTimeout } from './connection-limits';
import { refuseWhileDraining } from './drain';
import type { GatewayState } from './gateway-state';
import { readRequestBody } from './read-request-body';
import { requestIdFor } from './request-context';
import { sendError } from './send-error';

type MessagesHandler = (req: Request, res: Response) => Promise<void>;

/**
 * The server's request listener. Every request is tracked for a drain (and
 * refused while one runs), and ends its connection's idle timeout.
 * `POST /v1/messages` is served straight from node:http, without express's
 * router and body parser: it is the one hot path. Everything else (and any
 * compressed body) goes to the express app.
 */
export function withFastMessagesPath(app: Express, handleMessages: MessagesHandler, limitBytes: number, state: GatewayState): RequestListener {
  const { bodyBudget: budget, inflight } = state;
  const readOptions = { limitBytes, budget };
  return (req: IncomingMessage, res: ServerResponse) => {
    endIdleTimeout(req.socket);
    inflight.track(res);
    if (state.draining && refuseWhileDraining(req, res)) return;
    const url = req.url ?? '';
    const isMessages = req.method === 'POST' && (url === '/v1/messages' || url.startsWith('/v1/messages?'));
    const encoding = req.headers['content-encoding'];
    if (!isMessages || (encoding && encoding !== 'identity')) {
      app(req, res);
      return;
    }
    readRequestBody(req, readOptions).then(
      (body) => {
        budget.holdFor(req, res, body.length);
        inflight.runs(handleMessages(Object.assign(req, { body, originalUrl: url }) as unknown as Request, res as Response));
      },
      (error: unknown) => {
        const id = requestIdFor(req);
        res.setHeader('request-id', id);
        sendError(res, error, id);
      },
    );
  };
}
