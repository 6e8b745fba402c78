// Generated from manifest.json by `npm run plugin-types`: edit the manifest, then run that again.

/** The google-vertex plugin's settings: `definePlugin<Settings>` types `ctx.settings` with them. */
export type Settings = Readonly<{
  /** Google Cloud project id with Claude enabled in Vertex AI's Model Garden */
  ANTHROPIC_VERTEX_PROJECT_ID: string;
  /** Vertex AI region: global, us, eu, or one region such as us-east5 or europe-west1 */
  CLOUD_ML_REGION: string;
  /** Service-account key file (JSON) to take the token from; unset: the application default credentials (this variable in the process environment, gcloud's user credentials, the metadata server) */
  GOOGLE_APPLICATION_CREDENTIALS?: string;
  /** Vertex AI API root instead of the region's (e.g. a Private Service Connect endpoint), ending in /v1 */
  ANTHROPIC_VERTEX_BASE_URL?: string;
  /** Seconds to wait for the first byte, and the longest silence mid-stream */
  GOOGLE_VERTEX_TIMEOUT: number;
  /** Retries on connect errors, 429 and 5xx before the first byte */
  GOOGLE_VERTEX_MAX_RETRIES: number;
  /** Betas passed on from the client's anthropic-beta header (comma-separated); Vertex refuses others, so they are dropped */
  GOOGLE_VERTEX_BETAS: string;
}>;
