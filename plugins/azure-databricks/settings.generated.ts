// Generated from manifest.json by `npm run plugin-types`: edit the manifest, then run that again.

/** The azure-databricks plugin's settings: `definePlugin<Settings>` types `ctx.settings` with them. */
export type Settings = Readonly<{
  /** Workspace host: adb-1234567890123456.7, a full *.azuredatabricks.net host, or a URL with scheme */
  DATABRICKS_HOST: string;
  /** Personal access token or OAuth token */
  DATABRICKS_TOKEN: string;
  /** Seconds to wait for response headers, and the longest silence mid-stream */
  DATABRICKS_TIMEOUT: number;
  /** Retries on connect errors, 429 and 5xx before the first byte */
  DATABRICKS_MAX_RETRIES: number;
  /** invocations (OpenAI chat, translated) or messages (native Anthropic route) */
  DATABRICKS_API: 'invocations' | 'messages';
  /** Send x-databricks-use-coding-agent-mode: true */
  DATABRICKS_CODING_AGENT_MODE: boolean;
}>;
