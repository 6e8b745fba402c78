import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import { ConfigError, resolveConfig, type ResolveOptions, type ResolvedConfig } from './config/resolve-config';
import { createLogger, type Logger } from './log/logger';
import { BackendRegistry } from './plugins/backend-registry';
import { registerBackendSecrets } from './plugins/register-backend-secrets';
import { BUILTIN_PLUGIN_DIR, loadPlugins } from './plugins/load-plugins';
import { selectBackend } from './plugins/select-backend';
import { warmRequestValidators } from './protocol/anthropic/validate-request';
import { createAccess } from './server/access/create-access';
import { pluginHealthPaths } from './server/access/open-routes';
import { applyConnectionLimits } from './server/connection-limits';
import { createApp } from './server/create-app';
import { drainServer, type DrainReport } from './server/drain';
import { GatewayState } from './server/gateway-state';
import { GatewayMetrics } from './server/metrics/gateway-metrics';
import { withFastMessagesPath } from './server/fast-messages-path';
import { createMessagesHandler } from './server/serve-messages';

export interface GatewayOptions extends ResolveOptions {
  logger?: Logger;
  /** Replaces the built-in plugins folder (tests). */
  builtinPluginDir?: string;
}

export interface Gateway {
  config: ResolvedConfig;
  state: GatewayState;
  metrics: GatewayMetrics;
  logger: Logger;
  registry: BackendRegistry;
  app: Express;
  listen(port?: number, host?: string): Promise<{ server: Server; url: string }>;
  /** Stops taking requests, lets those in flight finish for up to `config.drainMs`, ends the rest. */
  drain(): Promise<DrainReport>;
  close(): Promise<void>;
  /** Reads the inbound API keys again (SIGHUP); false when that failed and the old keys stay. */
  reloadKeys(): boolean;
}

/** Loads config and plugins, validates the backend selection, and builds the app. Throws on a bad boot. */
export async function createGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const config = await resolveConfig(options);
  const logger = options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const plugins = await loadPlugins({
    dirs: [options.builtinPluginDir ?? BUILTIN_PLUGIN_DIR, ...config.pluginDirs],
    packages: config.pluginPackages,
    resolveFrom: config.baseDir,
  });
  const selection = selectBackend(plugins, config);
  if (selection.deprecation) logger.warn(selection.deprecation, { backend: selection.id });
  const registry = new BackendRegistry(plugins, config, selection);
  registerBackendSecrets(registry.all());
  for (const id of config.fallback) {
    if (!registry.get(id)) throw new ConfigError(`Invalid fallback backend: ${id}. Must be one of: [${registry.all().map((b) => `'${b.id}'`).join(', ')}]`);
  }

  const active = registry.active;
  const title = active.loaded.manifest.title ?? active.id;
  if (!active.configured) {
    const message = `${title} backend selected but missing configuration`;
    if (config.strict) throw new ConfigError(`${message}: ${active.unconfiguredMessage()} (GATEWAY_STRICT=true)`);
    logger.warn(message, { backend: active.id, missing: active.missing, problems: active.invalid });
  }
  logger.info('Active proxy backend configured', { backend: active.id, endpoint: '/v1/messages', source: selection.source });
  if (config.fallback.length > 0) logger.info('Fallback chain configured', { chain: registry.chain().map((b) => b.id) });
  if (active.configured) registry.logActivation(logger);

  const access = createAccess(config, logger, { cwd: options.cwd, processEnv: options.processEnv, pluginHealthPaths: pluginHealthPaths(registry.all().map((b) => b.loaded.manifest)) });
  const state = new GatewayState(config.limits);
  const metrics = new GatewayMetrics({ backends: registry.all() });
  const deps = { registry, config, logger, state, metrics };
  const app = createApp(deps);
  let server: Server | undefined;
  return {
    config,
    state,
    metrics,
    logger,
    registry,
    app,
    async listen(port = config.server.port, host = config.server.host) {
      server = createServer(access.guard(withFastMessagesPath(app, createMessagesHandler(deps), config.server.bodyLimitBytes, state), host));
      applyConnectionLimits(server, config.limits, logger);
      server.listen(port, host);
      await once(server, 'listening');
      const address = server.address() as AddressInfo;
      const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
      logger.info('Gateway listening', { url, boot_ms: Math.round(performance.now()) });
      setImmediate(warmRequestValidators);
      return { server, url };
    },
    async drain() {
      if (!server) return { finished: 0, cut: 0, drain_ms: 0 };
      return drainServer(server, state, config.drainMs);
    },
    reloadKeys: () => access.reload(),
    async close() {
      if (!server) return;
      server.closeIdleConnections();
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
