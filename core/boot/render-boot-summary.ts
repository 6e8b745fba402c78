import type { BackendSelection } from '../plugins/select-backend';

export interface BootFacts {
  version: string;
  backend: string;
  backendTitle: string;
  source: BackendSelection['source'];
  /** The URL the server is bound to, e.g. http://0.0.0.0:4000. */
  url: string;
  missing: readonly string[];
  invalid: readonly string[];
  /** Inbound keys are configured (GATEWAY_API_KEYS or a keys file): callers must send one. */
  gatewayKeys: boolean;
  workers: number;
  logFormat: 'json' | 'pretty';
}

const SOURCES: Record<BackendSelection['source'], string> = {
  PROXY_BACKEND: 'set by PROXY_BACKEND',
  config: 'set in the config file',
  legacy: 'chosen by a deprecated flag: set PROXY_BACKEND instead',
  default: 'the default; PROXY_BACKEND picks another',
};

/** A URL a client on this machine can use: a wildcard bind is reached on loopback. */
export function localUrl(url: string): string {
  return url.replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:\d+$)/, 'http://127.0.0.1');
}

/**
 * A few lines for the person who just ran `npm start`: what serves, where,
 * what is missing, and what to paste into Claude Code's terminal. Never a secret.
 */
export function renderBootSummary(facts: BootFacts): string {
  const url = localUrl(facts.url);
  const workers = facts.workers > 1 ? `, ${facts.workers} workers` : '';
  const lines = [`llm-gateway ${facts.version} listening on ${facts.url}${workers}: backend ${facts.backend} (${facts.backendTitle}; ${SOURCES[facts.source]})`];
  if (facts.missing.length > 0) lines.push(`Missing: ${facts.missing.join(', ')}. Requests get 503 until set (every setting: .env.example)`);
  if (facts.invalid.length > 0) lines.push(`Invalid: ${facts.invalid.join('; ')}`);
  lines.push(
    facts.gatewayKeys
      ? 'For Claude Code, in another terminal (your-gateway-key: your key from GATEWAY_API_KEYS or the keys file):'
      : 'For Claude Code, in another terminal (no GATEWAY_API_KEYS are set, so any value works as the token):',
    `  export ANTHROPIC_BASE_URL=${url}`,
    `  export ANTHROPIC_AUTH_TOKEN=${facts.gatewayKeys ? 'your-gateway-key' : 'any-value'}`,
    '  claude',
    `${facts.missing.length + facts.invalid.length > 0 ? 'See what to set' : 'Test the upstream and its key'}: npm run gateway -- check --probe.${facts.logFormat === 'json' ? ' Logs: JSON lines on stdout (LOG_FORMAT=pretty for a terminal).' : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
