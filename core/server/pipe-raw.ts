import type { Response } from 'express';
import { redactString } from '../log/redact';
import type { MessagesResult } from '../plugins/plugin-contract';
import { echoModelField } from '../protocol/anthropic/echo-model-field';
import { ApiError, toApiError } from '../protocol/anthropic/errors';
import { EventStreamUsageTap, JsonUsageTap, type TokenCounts } from '../protocol/anthropic/usage-tap';
import { checkEventStreamStart } from '../protocol/sse/check-event-stream-start';
import { formatSseEvent } from '../protocol/sse/format-sse-event';
import { ErrorEventMasker } from '../protocol/sse/mask-error-events';
import { unusableAnswer } from '../upstream/unusable-answer';
import { ClientGone } from '../upstream/client-gone';

type RawResult = Extract<MessagesResult, { type: 'raw' }>;

/** How a piped answer ended: the usage it reported as it went by, and the failure that ended it early, if one did. */
export interface PipedOutcome {
  usage?: TokenCounts;
  error?: string;
}

// How long an event stream's headers wait for its first bytes. Bytes that come
// by then share the headers' write, and are checked before anything goes (a
// broken stream is then a 502). An upstream that sends its headers before it
// has anything to say (LiteLLM, while the model thinks) gets them sent alone
// after this, so the client still sees them almost at once; nothing the upstream
// sends waits for this.
const HEADERS_WAIT_MS = 50;

/**
 * Pipes an upstream answer already in Anthropic's format, byte for byte. A
 * 2xx that is neither JSON nor an event stream, or an event stream whose first
 * bytes are not SSE, is refused before the first byte (the promise rejects
 * with a 502 for the caller to send). An event stream's `error` events go on
 * with secrets masked; a mid-stream failure ends it with an `error` event.
 * `upstream` names the backend in those messages. The answer's usage is read
 * on the way (see usage-tap.ts), never by holding a stream. With `requestedModel`,
 * a successful answer's own `model` (in its first bytes) says that id, as
 * Anthropic's answers do, rather than the upstream's name for it.
 */
export function pipeRaw(result: RawResult, res: Response, upstream = 'The upstream', requestedModel?: string): Promise<PipedOutcome> {
  const contentType = headerText(result.headers['content-type']);
  const unusable = unusableAnswer(upstream, result.status, contentType);
  if (unusable) {
    result.body.destroy();
    return Promise.reject(unusable);
  }
  const echo = result.status < 300 ? requestedModel : undefined;
  return contentType?.startsWith('text/event-stream') ? pipeEventStream(result, res, upstream, echo) : pipeWhole(result, res, echo);
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function withoutContentLength(headers: RawResult['headers']): RawResult['headers'] {
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'content-length');
  if (name === undefined) return headers;
  const rest = { ...headers };
  delete rest[name];
  return rest;
}

function errorEvent(apiError: ApiError): string {
  return formatSseEvent({ type: 'error', error: { type: apiError.type, message: redactString(apiError.message) } });
}

/**
 * The headers for a JSON answer whose first chunk became `sent`: a declared
 * content-length moves by what the echoed model id added or took away.
 */
function headersForFirstChunk(headers: RawResult['headers'], received: Buffer, sent: Buffer): RawResult['headers'] {
  if (sent === received) return headers;
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'content-length');
  if (name === undefined) return headers;
  return { ...headers, [name]: String(Number(headerText(headers[name])) + sent.length - received.length) };
}

/** A JSON answer: its headers travel with its first bytes (with the model echoed, its length may change). */
function pipeWhole(result: RawResult, res: Response, echoModel?: string): Promise<PipedOutcome> {
  const tap = new JsonUsageTap();
  const { body } = result;
  return new Promise((resolve) => {
    let error: string | undefined;
    let first = true;
    body.once('error', (cause) => {
      error = toApiError(cause).message;
      res.destroy();
    });
    res.once('close', () => {
      if (!res.writableFinished) body.destroy();
      resolve({ error, usage: tap.read() });
    });
    body.on('data', (chunk: Buffer) => {
      let out = chunk;
      if (first) {
        first = false;
        if (echoModel !== undefined) out = echoModelField(chunk, echoModel);
        res.writeHead(result.status, headersForFirstChunk(result.headers, chunk, out));
      }
      if (!res.write(out)) body.pause();
      tap.see(chunk);
    });
    res.on('drain', () => body.resume());
    body.once('end', () => {
      if (first) res.writeHead(result.status, result.headers);
      res.end();
    });
  });
}

/**
 * A stream's headers must not wait long for its first event (the client's SDK
 * waits on them), but they go with its first bytes when these come within
 * HEADERS_WAIT_MS, and those are checked before anything goes. A first chunk
 * that is not SSE arriving later is replaced by an `error` event.
 */
function pipeEventStream(result: RawResult, res: Response, upstream: string, echoModel?: string): Promise<PipedOutcome> {
  const { body } = result;
  const masker = new ErrorEventMasker();
  const tap = new EventStreamUsageTap();
  let started = false;
  let checked = false;
  const start = () => {
    started = true;
    clearTimeout(alone);
    res.writeHead(result.status, echoModel === undefined ? result.headers : withoutContentLength(result.headers));
  };
  const alone = setTimeout(() => {
    if (started || res.writableEnded) return;
    start();
    res.flushHeaders();
  }, HEADERS_WAIT_MS);
  const notSse = (problem: string) => new ApiError(502, `${upstream} answered ${result.status} with an event stream that is not SSE: ${problem}`);

  return new Promise((resolve, reject) => {
    let error: string | undefined;
    let failed = false;
    /** Before the first byte the caller answers (a 502 envelope); after it, an `error` event ends the stream. */
    const fail = (apiError: ApiError, atBoundary: boolean) => {
      failed = true;
      body.off('data', onData);
      if (!started) {
        clearTimeout(alone);
        reject(apiError);
        return;
      }
      error = apiError.message;
      if (atBoundary) res.end(errorEvent(apiError));
      else res.destroy();
    };
    const onData = (chunk: Buffer) => {
      let sent = chunk;
      if (!checked) {
        checked = true;
        const problem = checkEventStreamStart(chunk);
        if (problem) {
          body.destroy();
          fail(notSse(problem), true);
          return;
        }
        if (!started) start();
        if (echoModel !== undefined) sent = echoModelField(chunk, echoModel);
      }
      const out = masker.push(sent);
      if (out !== undefined && !res.write(out)) body.pause();
      // After the write: the client's bytes never wait for the count.
      tap.see(chunk);
    };
    body.on('data', onData);
    res.on('drain', () => body.resume());
    body.once('end', () => {
      // A body refused at its first chunk may still have ended: it was all there.
      if (failed) return;
      if (!checked) return fail(notSse('it is empty'), true);
      res.end(masker.flush());
    });
    body.once('error', (cause) => {
      if (failed) return;
      const rest = masker.flush();
      if (rest && started) res.write(rest);
      // A drain that ran out of time aborted the upstream: the stream ends with why.
      fail(toApiError(ClientGone.of(res)?.cutBy ?? cause), masker.boundary.atBoundary);
    });
    res.once('close', () => {
      clearTimeout(alone);
      if (!res.writableFinished) body.destroy();
      // An upstream's own error event ended it: the request's log line says so as for a broken stream.
      resolve({ error: error ?? masker.errorMessage, usage: tap.read() });
    });
  });
}
