// The three request shapes, as bytes. Each has its Anthropic body (what the
// client sends to the gateway, or to the bare proxy in front of LiteLLM) and the
// OpenAI chat body the OPENROUTER plugin makes of it (what the bare proxy in
// front of OpenRouter gets: the same work upstream, minus the translation).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chatTranslationOptions } from '../../core/kit/upstream-settings';
import type { MessagesContext } from '../../core/plugins/plugin-contract';
import type { PluginManifest } from '../../core/plugins/manifest-schema';
import type { MessagesRequest } from '../../core/protocol/anthropic/types';
import { translateRequestToOpenAIChat } from '../../core/protocol/translate/anthropic-to-openai-chat';
import { normalizeModelId } from '../../plugins/openrouter/normalize-model-id';
import { claudeCodeRequest } from './claude-code-request';
import { PROJECT_ROOT } from './start-processes';

export type ShapeId = 'small' | 'claude-code-100k' | 'stream-50';

export interface RequestShape {
  id: ShapeId;
  stream: boolean;
  anthropicBody: Buffer;
  openAIChatBody: Buffer;
}

/** What Claude Code sends by default; both plugins must route it. */
export const BENCH_MODEL = 'claude-sonnet-4-5-20250929';

const smallRequest = (stream: boolean): MessagesRequest => ({
  model: BENCH_MODEL,
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'What does the --frozen-lockfile flag do?' }],
  ...(stream ? { stream: true } : {}),
});

export function buildRequestShapes(): RequestShape[] {
  const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'plugins', 'openrouter', 'manifest.json'), 'utf8')) as PluginManifest;
  const upstreamModel = normalizeModelId(BENCH_MODEL) ?? manifest.models.default;
  const toOpenAIChat = (body: MessagesRequest, stream: boolean) => {
    // Only the fields chatTranslationOptions reads: the same options the plugin gets.
    const ctx = { manifest, upstreamModel, stream } as Pick<MessagesContext, 'manifest' | 'upstreamModel' | 'stream'>;
    return Buffer.from(JSON.stringify(translateRequestToOpenAIChat(body, chatTranslationOptions(ctx as MessagesContext))));
  };
  const shape = (id: ShapeId, body: MessagesRequest): RequestShape => {
    const stream = body.stream === true;
    return { id, stream, anthropicBody: Buffer.from(JSON.stringify(body)), openAIChatBody: toOpenAIChat(body, stream) };
  };
  return [shape('small', smallRequest(false)), shape('claude-code-100k', claudeCodeRequest(BENCH_MODEL)), shape('stream-50', smallRequest(true))];
}
