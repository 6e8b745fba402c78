import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const ANSWER_TIMEOUT_MS = 15_000;

function parsed(status: number, headers: IncomingHttpHeaders, text: string): RawAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, text, json };
}

/**
 * One request through node:http, which (unlike fetch) sends any method, path,
 * Host, Origin, Content-Type or encoding the test names, the body's bytes as
 * they are, and no header it does not.
 */
export function sendRaw(url: string, options: RawRequest): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {}, agent: false, timeout: ANSWER_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(parsed(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'))));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

// A head that looks complete but promises a body the socket never sends is
// left waiting by the server: what it said by then is the answer.
const HEAD_WAIT_MS = 400;

/**
 * Writes a request head that may not be valid HTTP over a plain socket (kept
 * open, so the server answers rather than sees a half-closed connection) and
 * parses the answer's status line, headers and body; undefined when the
 * server closed the socket without answering.
 */
export function sendRawHead(url: string, head: string): Promise<RawAnswer | undefined> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname);
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
      const headers: IncomingHttpHeaders = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve(parsed(status, headers, rest.join('\r\n\r\n')));
    });
    socket.write(head);
  });
}
