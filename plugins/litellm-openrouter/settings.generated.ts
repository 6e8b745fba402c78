// Generated from manifest.json by `npm run plugin-types`: edit the manifest, then run that again.

/** The litellm-openrouter plugin's settings: `definePlugin<Settings>` types `ctx.settings` with them. */
export type Settings = Readonly<{
  /** OpenRouter key, passed to LiteLLM as a client-side credential */
  OPENROUTER_API_KEY: string;
  /** Base URL of the LiteLLM proxy */
  LITELLM_BASE_URL: string;
  /** LiteLLM master or virtual key */
  LITELLM_API_KEY?: string;
  /** Seconds to wait for response headers, and the longest silence mid-stream */
  LITELLM_TIMEOUT: number;
  /** Retries on connect errors, 429 and 5xx before the first byte */
  LITELLM_MAX_RETRIES: number;
}>;
