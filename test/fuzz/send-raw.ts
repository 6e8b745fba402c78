import { request } from 'node:http';
import { connect } from 'node:net';
import type { FuzzRequest } from './bad-requests';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const ANSWER_TIMEOUT_MS = 15_000;

/** Sends exactly the bytes and headers given (no client-side fixing up) and reads the whole answer. */
export function sendRaw(baseUrl: string, fuzz: FuzzRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: fuzz.method,
        path: fuzz.path,
        headers: { ...fuzz.headers, 'content-length': String(fuzz.body.length) },
        timeout: ANSWER_TIMEOUT_MS,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(fuzz.body);
  });
}

// A head that looks complete but promises a body the socket never sends is
// left waiting by the server: what it said by then is the answer.
const HEAD_WAIT_MS = 400;

/**
 * Writes a request head that is not valid HTTP over a plain socket (kept open,
 * so the server answers rather than sees a half-closed connection) and parses
 * the answer's status line, headers and body; undefined when the gateway
 * closed the socket without answering.
 */
export function sendRawHead(baseUrl: string, head: string): Promise<RawAnswer | undefined> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const giveUp = setTimeout(() => socket.destroy(), HEAD_WAIT_MS);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    socket.on('close', () => {
      clearTimeout(giveUp);
      const text = Buffer.concat(chunks).toString('latin1');
      if (!text) return resolve(undefined);
      const [headText = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = headText.split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status, headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(head);
  });
}
