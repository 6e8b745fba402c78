import type { Settings } from './settings.generated';

/** OpenRouter's two ways in: its Anthropic Messages route, or chat completions (translated). */
export type OpenRouterApi = 'messages' | 'chat';

/** `anthropic/...` and OpenRouter's floating aliases such as `~anthropic/claude-sonnet-latest`. */
export const ANTHROPIC_MODEL = /^~?anthropic\//;

/**
 * OPENROUTER_API: `messages` and `chat` force a route; `auto` sends Anthropic's
 * models to the Messages route, where thinking signatures, cache breakpoints
 * and server tools reach the model as the client sent them, and translates
 * the rest, which that route does not serve as their own API would.
 */
export function openRouterApiFor(upstreamModel: string, settings: Pick<Settings, 'OPENROUTER_API'>): OpenRouterApi {
  const api = settings.OPENROUTER_API;
  if (api === 'messages' || api === 'chat') return api;
  return ANTHROPIC_MODEL.test(upstreamModel) ? 'messages' : 'chat';
}
