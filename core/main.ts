import cluster from 'node:cluster';
import { describeBootError, type PortSettings } from './boot/describe-boot-error';
import { renderBootSummary } from './boot/render-boot-summary';
import { renderHelp } from './boot/render-help';
import { runPrimary } from './cluster/run-primary';
import { runWorker } from './cluster/run-worker';
import { createGateway, type Gateway } from './gateway';
import { serveUntilStopped } from './serve-until-stopped';
import { startMetricsServer } from './server/metrics/metrics-server';
import { GATEWAY_VERSION } from './version';

function configPathFromArgs(argv: string[]): string | undefined {
  const index = argv.indexOf('--config');
  if (index !== -1) return argv[index + 1];
  return argv.find((arg) => arg.startsWith('--config='))?.slice('--config='.length);
}

// Known once the configuration is read: names the setting behind a port that cannot be bound.
const ports: PortSettings = {};

/** The human summary goes to stderr, so that stdout stays the JSON log. */
function printSummary(gateway: Gateway, url: string): void {
  const { config, registry } = gateway;
  const active = registry.active;
  process.stderr.write(
    renderBootSummary({
      version: GATEWAY_VERSION,
      backend: active.id,
      backendTitle: active.loaded.manifest.title ?? active.id,
      source: registry.selection.source,
      url,
      missing: active.missing,
      invalid: active.invalid,
      gatewayKeys: Boolean(config.access.apiKeys || config.access.apiKeysFile),
      workers: config.workers,
      logFormat: config.logFormat,
    }),
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${renderHelp()}\n`);
    return;
  }
  const configPath = configPathFromArgs(argv);
  if (cluster.isWorker) return runWorker(configPath);
  // Built in full even when it will only lead workers: a bad configuration fails here, once.
  const gateway = await createGateway({ configPath });
  Object.assign(ports, { port: gateway.config.server.port, metricsPort: gateway.config.metricsPort });
  if (gateway.config.workers > 1) return runPrimary(gateway, (url) => printSummary(gateway, url));
  const { url } = await gateway.listen();
  if (gateway.config.metricsPort !== undefined) await startMetricsServer(gateway.config.metricsPort, () => gateway.metrics.render(), gateway.logger);
  serveUntilStopped(gateway);
  printSummary(gateway, url);
}

main().catch((error: Error) => {
  // Boot failures are configuration mistakes or a port in use: one line, not a stack.
  process.stderr.write(`${describeBootError(error, ports)}\n`);
  process.exit(1);
});
