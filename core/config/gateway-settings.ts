/** One setting of the gateway itself (a backend's own settings are in its manifest). */
export interface GatewaySetting {
  name: string;
  /** As a person would write it; absent when unset means "off" or "none". */
  default?: string;
  description: string;
  /** A value to show in .env.example when there is no default. */
  example?: string;
}

/**
 * The gateway's environment settings, read by resolve-config.ts (and by
 * gateway.config.ts where noted): the source of `--help` and `.env.example`.
 */
export const GATEWAY_SETTINGS: readonly GatewaySetting[] = [
  { name: 'PROXY_BACKEND', description: 'The backend: any loaded plugin id (unset: the plugin whose manifest sets isDefault)' },
  { name: 'PORT', default: '4000', description: 'Listening port; server.port in gateway.config.ts' },
  { name: 'HOST', default: '127.0.0.1', description: 'Listening address; 0.0.0.0 exposes the gateway to the network (keys then required)' },
  { name: 'LOG_LEVEL', default: 'info', description: 'error, warn, info, debug' },
  { name: 'LOG_FORMAT', default: 'json', description: 'json (one JSON object a line) or pretty (readable coloured lines for a terminal)' },
  { name: 'NO_COLOR', description: 'Any value: LOG_FORMAT=pretty lines without colours (they are coloured only on a terminal anyway)', example: '1' },
  { name: 'GATEWAY_CONFIG', description: 'A config file to load instead of searching for gateway.config.ts (same as --config PATH)', example: './gateway.config.ts' },
  { name: 'GATEWAY_STRICT', default: 'false', description: "true: refuse to boot when the backend's required settings are missing" },
  { name: 'GATEWAY_BODY_LIMIT', default: '32mb', description: 'Largest request body (larger: 413 request_too_large)' },
  { name: 'GATEWAY_API_KEYS', description: 'Inbound keys, name:key,name:key (keys of 8 or more characters); when set, callers need one', example: 'alice:change-me-to-a-long-random-key' },
  { name: 'GATEWAY_API_KEYS_FILE', description: 'A file of name:key or name:sha256:<hex> lines, relative to the working directory', example: './gateway-keys.txt' },
  { name: 'GATEWAY_ALLOW_UNAUTHENTICATED', default: 'false', description: 'true: let a non-loopback HOST boot without keys' },
  { name: 'GATEWAY_ALLOWED_ORIGINS', description: 'Browser origins allowed to call the gateway (comma-separated)', example: 'https://app.example.com' },
  { name: 'GATEWAY_ALLOWED_HOSTS', description: 'Host names accepted besides localhost, 127.0.0.1 and [::1] (comma-separated)', example: 'gateway.internal' },
  { name: 'GATEWAY_DRAIN_SECONDS', default: '30', description: 'On SIGTERM/SIGINT, how long requests in flight may finish' },
  { name: 'GATEWAY_IDLE_TIMEOUT_SECONDS', default: '30', description: 'A connection that sends no request is closed after this' },
  { name: 'GATEWAY_HEADERS_TIMEOUT_SECONDS', default: '30', description: 'Request headers must arrive within this' },
  { name: 'GATEWAY_BODY_TIMEOUT_SECONDS', default: '120', description: 'The request body must arrive within this after the headers' },
  { name: 'GATEWAY_MAX_INFLIGHT_BODY_MB', default: '256', description: 'Request-body megabytes held at once across all requests; past it, 529' },
  { name: 'GATEWAY_MAX_CONNECTIONS', default: '1024', description: 'Open client connections at once' },
  { name: 'GATEWAY_WORKERS', default: '1', description: 'Processes serving the one port: a number, or auto (one per core)' },
  { name: 'GATEWAY_METRICS_PORT', description: 'Also serve GET /metrics without a key on 127.0.0.1 at this port', example: '9464' },
  { name: 'BYPASS_FALLBACK_ENABLED', default: 'false', description: 'true: fall back to the backends gateway.config.ts lists in fallback when the active one fails before the first byte' },
];
