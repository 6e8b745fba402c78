import type { RequestListener } from 'node:http';
import { resolve } from 'node:path';
import { readEnv } from '../../config/read-env-files';
import type { ResolvedConfig } from '../../config/resolve-config';
import type { Logger } from '../../log/logger';
import { createAccessGuard } from './access-guard';
import { checkExposure, logAccess } from './check-exposure';
import { createHostCheck } from './host-check';
import { KeyRing, loadApiKeys, type ApiKeySources } from './key-ring';
import { createOpenRouteCheck } from './open-routes';

export interface AccessOptions {
  /** Where .env files are read from again on reload. */
  cwd?: string;
  processEnv?: NodeJS.ProcessEnv;
  /** GET routes of plugins that answer as health (see pluginHealthPaths). */
  pluginHealthPaths: readonly string[];
}

export interface Access {
  /** Wraps the server's listener with the access guard for a server bound to `host`. */
  guard(listener: RequestListener, host: string): RequestListener;
  /** Reads the keys again (.env files and the keys file); keeps the old ones and returns false when that fails. */
  reload(): boolean;
}

/**
 * Who may call the gateway. Reads the keys and refuses a boot that would
 * serve the network without any (ConfigError), then logs who may call.
 */
export function createAccess(config: ResolvedConfig, logger: Logger, options: AccessOptions): Access {
  const keyRing = new KeyRing(loadApiKeys(config.access));
  const { unauthenticatedOnPurpose } = checkExposure(config.server.host, keyRing.size, config.access);
  logAccess(logger, config.server.host, keyRing.names, unauthenticatedOnPurpose);
  const isOpenRoute = createOpenRouteCheck(options.pluginHealthPaths);
  let boundHost = config.server.host;

  // The keys file named by env on reload, else the one from the config file (when env did not name one at boot).
  const reloadSources = (): ApiKeySources => {
    const cwd = options.cwd ?? process.cwd();
    const env = readEnv(cwd, options.processEnv ?? process.env);
    const fileFromEnv = env.GATEWAY_API_KEYS_FILE?.trim();
    const bootFileFromConfig = config.env.GATEWAY_API_KEYS_FILE?.trim() ? undefined : config.access.apiKeysFile;
    return { apiKeys: env.GATEWAY_API_KEYS?.trim() || undefined, apiKeysFile: fileFromEnv ? resolve(cwd, fileFromEnv) : bootFileFromConfig };
  };

  return {
    guard(listener, host) {
      checkExposure(host, keyRing.size, config.access);
      boundHost = host;
      return createAccessGuard({
        keyRing,
        hostCheck: createHostCheck(host, config.access.allowedHosts),
        allowedOrigins: config.access.allowedOrigins,
        isOpenRoute,
        logger,
      })(listener);
    },
    reload() {
      try {
        const entries = loadApiKeys(reloadSources());
        checkExposure(boundHost, entries.length, config.access);
        keyRing.replace(entries);
      } catch (error) {
        // The messages of loadApiKeys and checkExposure name places, never keys.
        logger.error('API keys not reloaded: keeping the previous keys', { error: (error as Error).message, count: keyRing.size });
        return false;
      }
      logger.info('API keys reloaded', { count: keyRing.size, names: keyRing.names, auth: keyRing.size > 0 });
      return true;
    },
  };
}
