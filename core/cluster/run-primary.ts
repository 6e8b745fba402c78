import cluster, { type Worker } from 'node:cluster';
import type { Gateway } from '../gateway';
import { startMetricsServer } from '../server/metrics/metrics-server';
import { onStopSignals } from '../server/stop-signals';
import { answerMetricsRequests } from './answer-metrics-requests';
import type { StopNow } from './cluster-messages';
import { CrashLoopGuard, QUICK_DEATH_MS, QUICK_DEATHS_TO_STOP } from './crash-loop';

// After "stop now", how long workers get to exit before they are killed.
const STOP_NOW_GRACE_MS = 2000;

/**
 * The primary of GATEWAY_WORKERS > 1: it serves no request itself. It forks
 * the workers (who share its port), replaces one that dies, forwards SIGHUP
 * and the stop signals, and answers the workers' (and the metrics port's)
 * requests for the metrics summed over all of them. `gateway` was built only
 * to check the configuration once, before any worker starts. `onStarted` is
 * called once, when every first worker listens.
 */
export async function runPrimary(gateway: Gateway, onStarted?: (url: string) => void): Promise<void> {
  const { config, logger } = gateway;
  const renderAll = answerMetricsRequests();
  if (config.metricsPort !== undefined) await startMetricsServer(config.metricsPort, renderAll, logger);

  const startedAt = new Map<Worker, number>();
  const crashLoop = new CrashLoopGuard();
  let stopping = false;
  let exitCode = 0;

  const fork = () => {
    const worker = cluster.fork({ LOG_LEVEL: config.logLevel, LOG_FORMAT: config.logFormat });
    startedAt.set(worker, Date.now());
    return worker;
  };
  const live = () => [...startedAt.keys()];
  const finishWhenAllGone = () => {
    if (startedAt.size > 0) return;
    logger.info('Gateway stopped', { workers: config.workers });
    setImmediate(() => process.exit(exitCode));
  };
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of live()) worker.process.kill(signal);
    finishWhenAllGone();
  };

  // Once every first worker listens, one line says so; after that, each replacement's own.
  const listening = new Set<Worker>();
  let announced = false;
  cluster.on('listening', (worker, address) => {
    if (!startedAt.has(worker) || listening.has(worker)) return;
    listening.add(worker);
    if (announced) {
      logger.info('Worker started', { worker: worker.id, pid: worker.process.pid });
    } else if (listening.size === config.workers) {
      announced = true;
      const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
      const url = `http://${host}:${address.port}`;
      logger.info('Gateway workers started', { workers: config.workers, url, pids: live().map((w) => w.process.pid) });
      onStarted?.(url);
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    const forkedAt = startedAt.get(worker);
    if (forkedAt === undefined) return;
    startedAt.delete(worker);
    listening.delete(worker);
    if (stopping) return finishWhenAllGone();
    logger.error('Worker died', { worker: worker.id, pid: worker.process.pid, code, signal });
    if (crashLoop.died(Date.now() - forkedAt)) {
      logger.error(`Workers keep dying within ${QUICK_DEATH_MS / 1000} s of their start (${QUICK_DEATHS_TO_STOP} in a row): stopping the gateway`, {
        last_code: code,
        last_signal: signal,
      });
      exitCode = 1;
      return stopAll('SIGTERM');
    }
    const replacement = fork();
    logger.info('Worker replaced', { worker: replacement.id, pid: replacement.process.pid, replaces: worker.id });
  });

  process.on('SIGHUP', () => {
    for (const worker of live()) worker.process.kill('SIGHUP');
  });
  onStopSignals({
    drain(signal) {
      logger.info('Shutting down', { signal, workers: startedAt.size, drain_seconds: config.drainMs / 1000 });
      stopAll(signal as NodeJS.Signals);
    },
    now(signal) {
      logger.warn('Stopping now: second signal during the drain', { signal, workers: startedAt.size });
      for (const worker of live()) if (worker.isConnected()) worker.send({ type: 'llm-gateway:stop-now', signal } satisfies StopNow);
      setTimeout(() => {
        for (const worker of live()) worker.process.kill('SIGKILL');
      }, STOP_NOW_GRACE_MS).unref();
    },
  });

  for (let i = 0; i < config.workers; i++) fork();
}
