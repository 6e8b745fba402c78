import type { FromSchema } from 'json-schema-to-ts';

// One schema for gateway.config.ts, checked with ajv after env overrides are
// applied, so a bad value fails boot with its path whichever source it came from.

const familyRule = {
  type: 'object',
  additionalProperties: false,
  required: ['match', 'alias'],
  properties: {
    /** Case-insensitive substring of the requested model id. */
    match: { type: 'string', minLength: 1 },
    /** A family of the manifests (`opus`, `sonnet`, `haiku`), a key of the backend's map (`big`), or an upstream model. */
    alias: { type: 'string', minLength: 1 },
  },
} as const;

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    server: {
      type: 'object',
      additionalProperties: false,
      properties: {
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        host: { type: 'string', minLength: 1 },
        bodyLimitBytes: { type: 'integer', minimum: 1024 },
      },
    },
    backend: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
    strict: { type: 'boolean' },
    logLevel: { enum: ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] },
    /** `json` lines for machines, or `pretty` lines for a person at a terminal. */
    logFormat: { enum: ['json', 'pretty'] },
    /** Folders holding plugin folders (or one plugin folder), relative to the config file. */
    pluginDirs: { type: 'array', items: { type: 'string', minLength: 1 } },
    /** Installed npm packages that are plugins (a manifest.json at the package root). */
    pluginPackages: { type: 'array', items: { type: 'string', minLength: 1 } },
    models: {
      type: 'object',
      additionalProperties: false,
      properties: {
        families: { type: 'array', items: familyRule },
        /** Per backend id: request model -> upstream model, on top of the manifest's map. */
        overrides: {
          type: 'object',
          additionalProperties: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
        },
      },
    },
    /** Per backend id: options handed to that plugin as `ctx.options`. */
    plugins: { type: 'object', additionalProperties: { type: 'object' } },
    /** Backend ids tried in order when the active one fails before the first byte. */
    fallback: { type: 'array', items: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' } },
    circuitBreaker: {
      type: 'object',
      additionalProperties: false,
      properties: {
        failureThreshold: { type: 'integer', minimum: 1 },
        coolDownMs: { type: 'integer', minimum: 0 },
      },
    },
    /** Overall bound on one request, retries included: no retry starts that would end past it. */
    requestDeadlineSeconds: { type: 'number', exclusiveMinimum: 0 },
    /** Seconds between `ping` events while an upstream stream is silent. */
    pingIntervalSeconds: { type: 'number', exclusiveMinimum: 0 },
    /** Who may call the gateway. The keys themselves come only from env or a keys file, never from this file. */
    access: {
      type: 'object',
      additionalProperties: false,
      properties: {
        /** Lines of `name:key` or `name:sha256:<hex>`; relative to the config file. */
        apiKeysFile: { type: 'string', minLength: 1 },
        /** Browser origins allowed to call the gateway (CORS), e.g. https://app.example.com. */
        allowedOrigins: { type: 'array', items: { type: 'string', minLength: 1 } },
        /** Host header names accepted on a loopback bind besides localhost, 127.0.0.1 and [::1]. */
        allowedHosts: { type: 'array', items: { type: 'string', minLength: 1 } },
        /** Lets a non-loopback HOST boot with no key configured. */
        allowUnauthenticated: { type: 'boolean' },
      },
    },
    /** Bounds on what one connection or all requests together may hold. */
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        /** A connection that sends no request for this long is closed. */
        idleTimeoutSeconds: { type: 'number', exclusiveMinimum: 0 },
        /** Longest time to receive a request's headers. */
        headersTimeoutSeconds: { type: 'number', exclusiveMinimum: 0 },
        /** Longest time to receive a whole request, body included. */
        bodyTimeoutSeconds: { type: 'number', exclusiveMinimum: 0 },
        /** Request-body megabytes held at once across all requests; beyond it, 529. */
        maxInflightBodyMb: { type: 'number', exclusiveMinimum: 0 },
        /** Open client connections at once. */
        maxConnections: { type: 'integer', minimum: 1 },
      },
    },
    /** On SIGTERM/SIGINT, how long in-flight requests may run on before they are cut. */
    drainSeconds: { type: 'number', minimum: 0 },
    /**
     * Worker processes behind the one port (node:cluster); `auto` is one per
     * available core. Written without anyOf so a bad value gets one reason, not three.
     */
    workers: { type: ['integer', 'string'], minimum: 1, pattern: '^auto$' },
    /** A second port, always on 127.0.0.1, serving only GET /metrics without a key. */
    metricsPort: { type: 'integer', minimum: 0, maximum: 65535 },
  },
} as const;

export type GatewayConfig = FromSchema<typeof configSchema>;
export type FamilyRule = FromSchema<typeof familyRule>;
