import cluster from 'node:cluster';
import { runPrimary } from './cluster/run-primary';
import { runWorker } from './cluster/run-worker';
import { createGateway } from './gateway';
import { serveUntilStopped } from './serve-until-stopped';
import { startMetricsServer } from './server/metrics/metrics-server';

function configPathFromArgs(argv: string[]): string | undefined {
  const index = argv.indexOf('--config');
  if (index !== -1) return argv[index + 1];
  return argv.find((arg) => arg.startsWith('--config='))?.slice('--config='.length);
}

async function main(): Promise<void> {
  const configPath = configPathFromArgs(process.argv.slice(2));
  if (cluster.isWorker) return runWorker(configPath);
  // Built in full even when it will only lead workers: a bad configuration fails here, once.
  const gateway = await createGateway({ configPath });
  if (gateway.config.workers > 1) return runPrimary(gateway);
  await gateway.listen();
  if (gateway.config.metricsPort !== undefined) await startMetricsServer(gateway.config.metricsPort, () => gateway.metrics.render(), gateway.logger);
  serveUntilStopped(gateway);
}

main().catch((error: Error) => {
  // Boot failures are configuration mistakes: print the message, not a stack.
  process.stderr.write(`${error.name === 'Error' ? 'Error' : error.name}: ${error.message}\n`);
  process.exit(1);
});
