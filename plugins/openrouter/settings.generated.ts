// Generated from manifest.json by `npm run plugin-types`: edit the manifest, then run that again.

/** The openrouter plugin's settings: `definePlugin<Settings>` types `ctx.settings` with them. */
export type Settings = Readonly<{
  /** OpenRouter API key (sk-or-...) */
  OPENROUTER_API_KEY: string;
  /** OpenRouter API base URL */
  OPENROUTER_API_BASE: string;
  /** auto: Anthropic models (anthropic/..., ~anthropic/...) go to OpenRouter's Anthropic Messages route as a pass-through, others are translated to chat completions; messages or chat forces one route */
  OPENROUTER_API: 'auto' | 'messages' | 'chat';
  /** Seconds to wait for response headers, and the longest silence mid-stream */
  OPENROUTER_TIMEOUT: number;
  /** Retries on connect errors, 429 and 5xx before the first byte */
  OPENROUTER_MAX_RETRIES: number;
  /** Attribution header HTTP-Referer */
  OPENROUTER_HTTP_REFERER: string;
  /** Attribution header X-Title */
  OPENROUTER_APP_TITLE: string;
}>;
