// The upstream every target talks to during the benchmark: LiteLLM's Anthropic
// /v1/messages and OpenRouter's /api/v1/chat/completions, each answering with
// one precomputed reply (JSON, or a 50-delta stream when the body asks to
// stream), rendered by the test simulators' renderers. The server itself is a
// bare node:http one: the simulators' server decodes every body to a string
// (twice), which at ~100 KB with non-ASCII text costs about a millisecond a
// request and would make the upstream, not the target, the bottleneck.
//   node dist-tools/scripts/bench/bench-upstream.js  -> prints {"url": ...}

import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderAnthropicEvents, renderAnthropicMessage, renderAnthropicSse } from '../simulators/render-anthropic-message';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';
import { renderChatCompletion, renderChatSse } from '../simulators/render-openai-chat';
import type { ScriptedTurn } from '../simulators/scripted-turn';
import { exitWhenParentGoes } from './child-processes';

export const STREAM_TEXT_DELTAS = 50;
const DELTA_CHARS = 16;

const usage = { inputTokens: 1200, outputTokens: 200, cacheReadTokens: 0, cacheWriteTokens: 0 };
const shortTurn: ScriptedTurn = { text: 'The tests pass now; I updated the parser and added a regression test.', usage };
const streamedTurn: ScriptedTurn = {
  text: 'Streaming answer text. '.repeat(Math.ceil((STREAM_TEXT_DELTAS * DELTA_CHARS) / 23)).slice(0, STREAM_TEXT_DELTAS * DELTA_CHARS),
  usage,
};

interface FixedReply {
  headers: Record<string, string>;
  body: Buffer;
  /** Sent chunked, with no content-length, as a streaming upstream does. */
  chunked?: boolean;
}

const fixedJson = (body: unknown): FixedReply => ({ headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) });

/** The whole stream in one write, as a fast upstream with no gaps between events would send it. */
const fixedStream = (pieces: string[]): FixedReply => ({
  headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
  body: Buffer.from(pieces.join('')),
  chunked: true,
});

const ROUTES: Record<string, { json: FixedReply; stream: FixedReply }> = {
  '/v1/messages': {
    json: fixedJson(renderAnthropicMessage({ ...shortTurn, id: 'msg_bench', model: 'claude-sonnet-4-5-20250929' })),
    stream: fixedStream(renderAnthropicSse({ ...streamedTurn, id: 'msg_bench', model: 'claude-sonnet-4-5-20250929' }, { textChunkSize: DELTA_CHARS })),
  },
  '/api/v1/chat/completions': {
    json: fixedJson(renderChatCompletion({ ...shortTurn, id: 'gen-bench', model: 'anthropic/claude-sonnet-4.5' }, { flavor: 'openrouter' })),
    stream: fixedStream(
      renderChatSse({ ...streamedTurn, id: 'gen-bench', model: 'anthropic/claude-sonnet-4.5' }, { flavor: 'openrouter', textChunkSize: DELTA_CHARS }),
    ),
  },
};

// Vertex AI's Claude routes answer as Anthropic's does; streaming is chosen by the body there too.
export const VERTEX_BENCH_MODELS_PATH = '/v1/projects/bench-project/locations/global/publishers/anthropic/models';
ROUTES[`${VERTEX_BENCH_MODELS_PATH}/claude-sonnet-4-5@20250929:rawPredict`] = ROUTES['/v1/messages']!;
ROUTES[`${VERTEX_BENCH_MODELS_PATH}/claude-sonnet-4-5@20250929:streamRawPredict`] = ROUTES['/v1/messages']!;

// Bedrock runtime's Claude routes: InvokeModel answers as Anthropic does (SSE when the bare proxy's body
// asks to stream); InvokeModelWithResponseStream always streams event-stream frames of base64 events.
export const BEDROCK_BENCH_MODEL_PATH = '/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0';
ROUTES[`${BEDROCK_BENCH_MODEL_PATH}/invoke`] = ROUTES['/v1/messages']!;
const bedrockFrames: FixedReply = {
  headers: { 'content-type': 'application/vnd.amazon.eventstream' },
  body: Buffer.concat(
    renderAnthropicEvents({ ...streamedTurn, id: 'msg_bench', model: 'claude-sonnet-4-5-20250929' }, { textChunkSize: DELTA_CHARS }).map((event) =>
      new EventStreamCodec(toUtf8, fromUtf8).encode({
        headers: { ':event-type': { type: 'string', value: 'chunk' }, ':message-type': { type: 'string', value: 'event' } },
        body: Buffer.from(JSON.stringify({ bytes: Buffer.from(JSON.stringify(event)).toString('base64') })),
      }),
    ),
  ),
  chunked: true,
};
ROUTES[`${BEDROCK_BENCH_MODEL_PATH}/invoke-with-response-stream`] = { json: bedrockFrames, stream: bedrockFrames };

// The Google metadata server's token, for the gateway's GOOGLE_VERTEX (GCE_METADATA_HOST points here).
const METADATA: Record<string, FixedReply> = {
  '/computeMetadata/v1/instance': { headers: { 'metadata-flavor': 'Google', 'content-type': 'text/plain' }, body: Buffer.from('id\n') },
  '/computeMetadata/v1/instance/service-accounts/default/token': {
    headers: { 'metadata-flavor': 'Google', 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ access_token: 'ya29.bench', expires_in: 3599, token_type: 'Bearer' })),
  },
};

const STREAM_FLAG = Buffer.from('"stream":true');

function send(res: ServerResponse, status: number, reply: FixedReply): void {
  if (reply.chunked) {
    res.writeHead(status, reply.headers);
    res.write(reply.body);
    res.end();
    return;
  }
  res.writeHead(status, { ...reply.headers, 'content-length': String(reply.body.length) });
  res.end(reply.body);
}

export function startBenchUpstream(port = 0): Promise<string> {
  const server = createServer((req, res) => {
    const metadata = req.method === 'GET' ? METADATA[(req.url ?? '').split('?')[0]!] : undefined;
    if (metadata) return send(res, 200, metadata);
    const route = req.method === 'POST' ? ROUTES[(req.url ?? '').split('?')[0]!] : undefined;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => {
      if (!route) return send(res, 404, fixedJson({ error: { message: `bench-upstream: no route for ${req.method} ${req.url}` } }));
      // A byte search, never a parse: the upstream must stay cheap next to the target.
      send(res, 200, Buffer.concat(chunks).includes(STREAM_FLAG) ? route.stream : route.json);
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

if (require.main === module) {
  exitWhenParentGoes();
  startBenchUpstream().then(
    (url) => process.stdout.write(`${JSON.stringify({ url })}\n`),
    (error: Error) => {
      process.stderr.write(`bench-upstream: ${error.message}\n`);
      process.exit(1);
    },
  );
}
