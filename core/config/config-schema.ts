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
  },
} as const;

export type GatewayConfig = FromSchema<typeof configSchema>;
export type FamilyRule = FromSchema<typeof familyRule>;
