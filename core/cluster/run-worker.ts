import cluster from 'node:cluster';
import { createGateway } from '../gateway';
import { createLogger } from '../log/logger';
import { serveUntilStopped } from '../serve-until-stopped';
import { isStopNow } from './cluster-messages';
import { metricsFromPrimary } from './metrics-from-primary';

/**
 * One worker of a cluster: the same gateway as a single process, its log
 * lines marked with its worker id, its /metrics the sum over all workers, and
 * "stop now" also taken from the primary.
 */
export async function runWorker(configPath: string | undefined): Promise<void> {
  // The primary resolved the level and the format and passes them in LOG_LEVEL and LOG_FORMAT.
  const format = process.env.LOG_FORMAT === 'pretty' ? 'pretty' : 'json';
  const logger = createLogger({ level: process.env.LOG_LEVEL, format }).child({ worker: cluster.worker?.id });
  const gateway = await createGateway({ configPath, logger });
  metricsFromPrimary(gateway.metrics);
  // Before listening: the primary counts a worker as started when its port is
  // bound, and may forward SIGHUP from then on; unhandled, SIGHUP kills.
  const stop = serveUntilStopped(gateway);
  await gateway.listen();
  process.on('message', (message) => {
    if (isStopNow(message)) stop.now(message.signal);
  });
}
