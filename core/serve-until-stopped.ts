import type { Gateway } from './gateway';
import { onStopSignals, type StopHandlers } from './server/stop-signals';

/**
 * A listening gateway's process: SIGHUP reloads the keys, the first
 * SIGTERM/SIGINT drains and exits, a later one exits at once. Returns the stop
 * handlers (a cluster worker also gets "stop now" from its primary).
 */
export function serveUntilStopped(gateway: Gateway): StopHandlers {
  process.on('SIGHUP', () => gateway.reloadKeys());
  const { logger, state } = gateway;
  // A turn of the event loop first, so that winston hands the last line to stdout.
  const exit = () => setImmediate(() => process.exit(0));
  const handlers: StopHandlers = {
    drain(signal) {
      logger.info('Shutting down', { signal, drain_seconds: gateway.config.drainMs / 1000, in_flight: state.inflight.size });
      void gateway.drain().then((report) => {
        logger.info('Gateway stopped', report);
        exit();
      });
    },
    now(signal) {
      logger.warn('Stopping now: second signal during the drain', { signal, cut: state.inflight.size });
      exit();
    },
  };
  onStopSignals(handlers);
  return handlers;
}
