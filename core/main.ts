import { createGateway } from './gateway';

function configPathFromArgs(argv: string[]): string | undefined {
  const index = argv.indexOf('--config');
  if (index !== -1) return argv[index + 1];
  return argv.find((arg) => arg.startsWith('--config='))?.slice('--config='.length);
}

async function main(): Promise<void> {
  const gateway = await createGateway({ configPath: configPathFromArgs(process.argv.slice(2)) });
  await gateway.listen();
  let stopping = false;
  const stop = async (signal: string) => {
    // A terminal's Ctrl-C can arrive twice (from npm and from the shell): shut down once.
    if (stopping) return;
    stopping = true;
    gateway.logger.info('Shutting down', { signal });
    await gateway.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error) => {
  // Boot failures are configuration mistakes: print the message, not a stack.
  process.stderr.write(`${error.name === 'Error' ? 'Error' : error.name}: ${error.message}\n`);
  process.exit(1);
});
