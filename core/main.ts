import { createGateway } from './gateway';
import { onStopSignals } from './server/stop-signals';

function configPathFromArgs(argv: string[]): string | undefined {
  const index = argv.indexOf('--config');
  if (index !== -1) return argv[index + 1];
  return argv.find((arg) => arg.startsWith('--config='))?.slice('--config='.length);
}

async function main(): Promise<void> {
  const gateway = await createGateway({ configPath: configPathFromArgs(process.argv.slice(2)) });
  await gateway.listen();
  process.on('SIGHUP', () => gateway.reloadKeys());
  const { logger, state } = gateway;
  // A turn of the event loop first, so that winston hands the last line to stdout.
  const exit = () => setImmediate(() => process.exit(0));
  onStopSignals({
    drain(signal) {
      logger.info('Shutting down', { signal, drain_seconds: gateway.config.drainMs / 1000, in_flight: state.inflight.responses.size });
      void gateway.drain().then((report) => {
        logger.info('Gateway stopped', report);
        exit();
      });
    },
    now(signal) {
      logger.warn('Stopping now: second signal during the drain', { signal, cut: state.inflight.responses.size });
      exit();
    },
  });
}

main().catch((error: Error) => {
  // Boot failures are configuration mistakes: print the message, not a stack.
  process.stderr.write(`${error.name === 'Error' ? 'Error' : error.name}: ${error.message}\n`);
  process.exit(1);
});
