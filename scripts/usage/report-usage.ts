import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseSince, renderUsageTable, summarizeUsage, type UsageGrouping } from './summarize-usage';

const GROUPINGS: UsageGrouping[] = ['caller', 'model', 'backend'];

async function readLines(input: Readable): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input, crlfDelay: Infinity })) lines.push(line);
  return lines;
}

/** `usage [FILE] [--since D] [--by caller|model|backend]`; without FILE the log is read from stdin. */
export async function reportUsage(argv: string[], out: (line: string) => void, stdin: Readable = process.stdin): Promise<number> {
  let file: string | undefined;
  let by: UsageGrouping = 'caller';
  let since: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--by') {
      const value = argv[++i] as UsageGrouping;
      if (!GROUPINGS.includes(value)) {
        out(`--by takes one of ${GROUPINGS.join(', ')}; got "${value ?? ''}"`);
        return 2;
      }
      by = value;
    } else if (arg === '--since') {
      try {
        since = parseSince(argv[++i] ?? '');
      } catch (error) {
        out((error as Error).message);
        return 2;
      }
    } else if (!arg.startsWith('--') && file === undefined) {
      file = arg;
    } else {
      out(`Unknown usage option: ${arg}`);
      return 2;
    }
  }
  const lines = await readLines(file ? createReadStream(file) : stdin);
  out(renderUsageTable(summarizeUsage(lines, { by, since }), by));
  return 0;
}
