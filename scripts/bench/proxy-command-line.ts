// The command line the benchmark's reference proxies share:
//   node dist-tools/scripts/bench/<proxy>.js --upstream http://127.0.0.1:PORT
// prints {"url": ...} once listening, and exits when the benchmark goes away.

import { exitWhenParentGoes } from './child-processes';

export function serveFromCommandLine(name: string, start: (upstream: URL) => Promise<string>): void {
  const at = process.argv.indexOf('--upstream');
  const upstream = at === -1 ? undefined : process.argv[at + 1];
  if (!upstream) {
    process.stderr.write(`usage: ${name} --upstream URL\n`);
    process.exit(2);
  }
  exitWhenParentGoes();
  start(new URL(upstream)).then(
    (url) => process.stdout.write(`${JSON.stringify({ url })}\n`),
    (error: Error) => {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(1);
    },
  );
}
