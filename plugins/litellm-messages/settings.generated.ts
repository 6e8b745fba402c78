// Generated from manifest.json by `npm run plugin-types`: edit the manifest, then run that again.

/** The litellm-messages plugin's settings: `definePlugin<Settings>` types `ctx.settings` with them. */
export type Settings = Readonly<{
  /** Base URL of the LiteLLM proxy */
  LITELLM_BASE_URL: string;
  /** LiteLLM master or virtual key; when unset the client's own x-api-key / Authorization is forwarded */
  LITELLM_API_KEY?: string;
  /** Not read by the gateway: LiteLLM's own config holds the OpenRouter key it uses */
  OPENROUTER_API_KEY?: string;
  /** Seconds to wait for LiteLLM's first byte, and the longest silence mid-stream */
  LITELLM_TIMEOUT: number;
  /** Retries on connect errors, 429 and 5xx before the first byte */
  LITELLM_MAX_RETRIES: number;
}>;
