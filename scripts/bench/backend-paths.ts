// The two ways through the gateway that the benchmark measures, each against
// its own baseline: the bare proxy in front of the same upstream route, sent
// what that upstream route takes.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BEDROCK_BENCH_MODEL_PATH, VERTEX_BENCH_MODELS_PATH } from './bench-upstream';
import type { WireFormat } from './check-answer';
import type { RequestShape, ShapeId } from './request-shapes';

export type PathId = 'litellm' | 'openrouter' | 'vertex' | 'bedrock';

export interface Goal {
  shape: ShapeId;
  /** Least gateway/baseline requests-per-second ratio. */
  minRatio: number;
  /** Most added p50 latency with no load, when the issue sets one. */
  maxAddedMs?: number;
}

export interface BackendPath {
  id: PathId;
  backend: string;
  gatewayEnv(upstreamUrl: string): Record<string, string>;
  baseline: { path: string; format: WireFormat; headers: Record<string, string>; body(shape: RequestShape): Buffer };
  /**
   * Whether `--floor` also measures the validating proxy on this path: a plain
   * proxy that only validates and forwards, for what those two cost on their own.
   */
  validatingFloor: boolean;
  goals: Goal[];
}

const ANTHROPIC_CLIENT_HEADERS = {
  'content-type': 'application/json',
  'x-api-key': 'sk-bench',
  'anthropic-version': '2023-06-01',
};

export const GATEWAY_CALL = { path: '/v1/messages', format: 'anthropic' as WireFormat, headers: ANTHROPIC_CLIENT_HEADERS };

export const MAX_PEAK_RSS_MB = 150;

export const BACKEND_PATHS: BackendPath[] = [
  {
    id: 'litellm',
    backend: 'LITELLM_MESSAGES',
    gatewayEnv: (upstreamUrl) => ({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: upstreamUrl }),
    baseline: { path: '/v1/messages', format: 'anthropic', headers: ANTHROPIC_CLIENT_HEADERS, body: (shape) => shape.anthropicBody },
    validatingFloor: true,
    // Issue 2: at least 60% of the bare proxy's requests/s, under 1 ms added p50 with no load.
    goals: [
      { shape: 'small', minRatio: 0.6, maxAddedMs: 1 },
      { shape: 'claude-code-100k', minRatio: 0.6, maxAddedMs: 1 },
      { shape: 'stream-50', minRatio: 0.6, maxAddedMs: 1 },
    ],
  },
  {
    id: 'openrouter',
    backend: 'OPENROUTER',
    // The chat translation is what this row measures (OPENROUTER_API=auto would send Claude models to the Messages route).
    gatewayEnv: (upstreamUrl) => ({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API: 'chat', OPENROUTER_API_BASE: `${upstreamUrl}/api/v1`, OPENROUTER_API_KEY: 'sk-or-bench' }),
    baseline: {
      path: '/api/v1/chat/completions',
      format: 'openai-chat',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-or-bench' },
      body: (shape) => shape.openAIChatBody,
    },
    validatingFloor: false,
    // Issue 3: 40% on the small request and the stream, 15% on the ~100 KB request.
    goals: [
      { shape: 'small', minRatio: 0.4 },
      { shape: 'claude-code-100k', minRatio: 0.15 },
      { shape: 'stream-50', minRatio: 0.4 },
    ],
  },
  {
    id: 'vertex',
    backend: 'GOOGLE_VERTEX',
    gatewayEnv: (upstreamUrl) => ({
      PROXY_BACKEND: 'GOOGLE_VERTEX',
      ANTHROPIC_VERTEX_PROJECT_ID: 'bench-project',
      ANTHROPIC_VERTEX_BASE_URL: `${upstreamUrl}/v1`,
      // The token comes from the bench upstream posing as the metadata server, never from the caller's gcloud login.
      GCE_METADATA_HOST: new URL(upstreamUrl).host,
      CLOUDSDK_CONFIG: join(tmpdir(), 'llm-gateway-bench-no-gcloud'),
    }),
    baseline: {
      path: `${VERTEX_BENCH_MODELS_PATH}/claude-sonnet-4-5@20250929:rawPredict`,
      format: 'anthropic',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ya29.bench' },
      body: (shape) => vertexBody(shape.anthropicBody),
    },
    validatingFloor: false,
    // The body is rebuilt (model out, anthropic_version in) as the translated paths rebuild theirs: their goals.
    goals: [
      { shape: 'small', minRatio: 0.4 },
      { shape: 'claude-code-100k', minRatio: 0.15 },
      { shape: 'stream-50', minRatio: 0.4 },
    ],
  },
  {
    id: 'bedrock',
    backend: 'AWS_BEDROCK',
    gatewayEnv: (upstreamUrl) => ({
      PROXY_BACKEND: 'AWS_BEDROCK',
      AWS_REGION: 'us-east-1',
      ANTHROPIC_BEDROCK_BASE_URL: upstreamUrl,
      // AWS's documented example keys: every request is signed with SigV4, as against Bedrock.
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    }),
    baseline: {
      path: `${BEDROCK_BENCH_MODEL_PATH}/invoke`,
      format: 'anthropic',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body: (shape) => shape.anthropicBody,
    },
    validatingFloor: false,
    // The body is rebuilt and signed, and the event stream decoded and written again as SSE: the translated paths' goals.
    goals: [
      { shape: 'small', minRatio: 0.4 },
      { shape: 'claude-code-100k', minRatio: 0.15 },
      { shape: 'stream-50', minRatio: 0.4 },
    ],
  },
];

const vertexBodies = new WeakMap<Buffer, Buffer>();

/** What a client of Vertex sends: the Messages body without `model`, with Vertex's `anthropic_version`. */
function vertexBody(anthropicBody: Buffer): Buffer {
  let body = vertexBodies.get(anthropicBody);
  if (!body) {
    const { model: _model, ...rest } = JSON.parse(anthropicBody.toString('utf8')) as Record<string, unknown>;
    body = Buffer.from(JSON.stringify({ anthropic_version: 'vertex-2023-10-16', ...rest }));
    vertexBodies.set(anthropicBody, body);
  }
  return body;
}
