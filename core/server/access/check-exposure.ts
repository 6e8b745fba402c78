import { ConfigError, type AccessConfig } from '../../config/resolve-config';
import type { Logger } from '../../log/logger';
import { isLoopbackHost } from './loopback-host';

const HOW_TO_FIX = 'set GATEWAY_API_KEYS or GATEWAY_API_KEYS_FILE, or GATEWAY_ALLOW_UNAUTHENTICATED=true to serve anyone who can reach the port';

/**
 * A gateway that other machines can reach spends the upstream key for anyone
 * who finds the port: without keys it refuses to start, unless told to.
 * Throws a ConfigError; returns whether it serves without keys on purpose.
 */
export function checkExposure(host: string, keyCount: number, access: AccessConfig): { unauthenticatedOnPurpose: boolean } {
  if (keyCount > 0 || isLoopbackHost(host)) return { unauthenticatedOnPurpose: false };
  if (!access.allowUnauthenticated) {
    throw new ConfigError(`HOST=${host} lets other machines reach the gateway, and no inbound API key is configured: ${HOW_TO_FIX}`);
  }
  return { unauthenticatedOnPurpose: true };
}

/** The boot's word on who may call: at every boot, loud when anyone on the network may. */
export function logAccess(logger: Logger, host: string, names: string[], unauthenticatedOnPurpose: boolean): void {
  if (names.length > 0) logger.info('Inbound API keys configured', { count: names.length, names, auth: true });
  else logger.info('Inbound API keys not configured: no caller needs a key', { count: 0, auth: false });
  if (unauthenticatedOnPurpose) {
    logger.warn(`HOST=${host} serves anyone who can reach the port, without inbound keys (GATEWAY_ALLOW_UNAUTHENTICATED=true): every caller spends the upstream key. Set GATEWAY_API_KEYS or GATEWAY_API_KEYS_FILE.`, {
      host,
    });
  }
}
