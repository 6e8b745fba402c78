// Generated from manifest.json by `npm run plugin-types`: edit the manifest, then run that again.

/** The anthropic plugin's settings: `definePlugin<Settings>` types `ctx.settings` with them. */
export type Settings = Readonly<{
  /** The operator's Anthropic key (sk-ant-...), sent as x-api-key; the client's own key never goes upstream */
  ANTHROPIC_API_KEY: string;
  /** Base URL; /v1/messages is appended */
  ANTHROPIC_API_BASE: string;
  /** Seconds to wait for the first byte, and the longest silence mid-stream */
  ANTHROPIC_TIMEOUT: number;
  /** Retries on connect errors, 429 and 5xx before the first byte */
  ANTHROPIC_MAX_RETRIES: number;
}>;
