import type { FromSchema } from 'json-schema-to-ts';

// The single source of truth for what a plugin's manifest.json may say.
// The TypeScript type below is derived from it, so the two cannot drift.

const envVar = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
    description: { type: 'string' },
    type: { enum: ['string', 'number', 'boolean', 'url'], default: 'string' },
    default: { type: ['string', 'number', 'boolean'] },
    secret: { type: 'boolean', default: false },
    enum: { type: 'array', items: { type: 'string' }, minItems: 1 },
  },
} as const;

export const manifestSchema = {
  $id: 'https://llm-gateway.local/schemas/plugin-manifest.json',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'backend', 'description', 'entry', 'env', 'models'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    backend: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
    /** Human name used in log lines and messages, e.g. "Azure Databricks". */
    title: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    entry: { type: 'string', minLength: 1 },
    env: {
      type: 'object',
      additionalProperties: false,
      required: ['required'],
      properties: {
        required: { type: 'array', items: envVar },
        optional: { type: 'array', items: envVar, default: [] },
      },
    },
    /** The backend used when neither PROXY_BACKEND nor the config names one; one plugin at most. */
    isDefault: { type: 'boolean', default: false },
    /** Deprecated env flags that select this backend when PROXY_BACKEND is unset; lowest priority wins. */
    legacyFlags: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['env', 'value', 'priority'],
        properties: {
          env: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
          value: { type: 'string' },
          priority: { type: 'integer', minimum: 0 },
        },
      },
      default: [],
    },
    /** Shown on 503 when required settings are missing; the missing names are appended. */
    unconfiguredMessage: { type: 'string' },
    models: {
      type: 'object',
      additionalProperties: false,
      required: ['map', 'default'],
      properties: {
        map: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
        default: { type: 'string', minLength: 1 },
        /** Output-token ceiling per upstream model; `*` applies to models not listed. */
        maxOutputTokens: { type: 'object', additionalProperties: { type: 'integer', minimum: 1 } },
        /** Ids offered on GET /v1/models; defaults to the map's claude-* keys. */
        listed: { type: 'array', items: { type: 'string' } },
        /**
         * Per model family (`opus`, `sonnet`, `haiku`, ...): the upstream models of that
         * family, newest first. A family rule that names the family serves its first
         * model; an empty list says the backend has none.
         */
        families: {
          type: 'object',
          propertyNames: { pattern: '^[a-z][a-z0-9-]*$' },
          additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
        },
      },
    },
    /**
     * What the plugin does with the request body: `translated` (the default)
     * reads the parsed request; `forwarded` sends the client's bytes on and
     * reads only `model` and `stream`, so the core validates the body without
     * decoding its text (see MessagesRequestBody).
     */
    requestBody: { enum: ['translated', 'forwarded'], default: 'translated' },
    /** What the upstream accepts, for plugins that translate to OpenAI chat. */
    capabilities: {
      type: 'object',
      additionalProperties: false,
      properties: {
        /** keep `cache_control`, keep it without `ttl`, or strip it. */
        cacheControl: { enum: ['keep', 'strip-ttl', 'strip'], default: 'strip' },
        /** How earlier thinking goes back upstream; `none` drops it from history. */
        reasoning: { enum: ['reasoning_details', 'reasoning_parts', 'thinking_blocks', 'none'], default: 'none' },
        documents: { type: 'boolean', default: false },
        topK: { type: 'boolean', default: false },
        /** How the upstream searches the web for a `web_search_*` server tool: `plugins_web` (OpenRouter's `web` plugin) or `none`. */
        webSearch: { enum: ['plugins_web', 'none'], default: 'none' },
      },
    },
    /** Which of this plugin's settings bound its upstream calls. */
    resilience: {
      type: 'object',
      additionalProperties: false,
      properties: {
        timeoutSetting: { type: 'string' },
        maxRetriesSetting: { type: 'string' },
        defaultMaxRetries: { type: 'integer', minimum: 0, default: 2 },
      },
    },
    /** Extra HTTP routes, mounted whenever this plugin is configured, whatever the active backend. */
    routes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['method', 'path', 'handler'],
        properties: {
          method: { enum: ['GET', 'POST'] },
          path: { type: 'string', pattern: '^/' },
          /** `messages` runs the Messages pipeline on this plugin; anything else names an export of the entry module. */
          handler: { type: 'string', minLength: 1 },
          model: { type: 'string' },
          stream: { type: 'boolean' },
        },
      },
      default: [],
    },
  },
} as const;

export type PluginManifest = FromSchema<typeof manifestSchema>;
export type EnvVarSpec = FromSchema<typeof envVar>;
