// Starts the three fakes together. As a program (used by the demo script):
//   node dist-tools/scripts/simulators/run-simulators.js [--openrouter-port N] [--litellm-port N]
//        [--databricks-port N] [--host H] [--openrouter-key K] [--litellm-key K] [--databricks-token T]
// prints one JSON line with their URLs and runs until SIGINT/SIGTERM.

import { startFakeDatabricks, type FakeDatabricks } from './fake-databricks';
import { startFakeLiteLLM, type FakeLiteLLM } from './fake-litellm';
import { startFakeOpenRouter, type FakeOpenRouter } from './fake-openrouter';

export interface AllSimulatorsOptions {
  host?: string;
  ports?: { openrouter?: number; litellm?: number; databricks?: number };
  openrouterKey?: string;
  litellmKey?: string;
  databricksToken?: string;
  maxRecorded?: number;
}

export interface AllSimulators {
  openrouter: FakeOpenRouter;
  litellm: FakeLiteLLM;
  databricks: FakeDatabricks;
  /** URLs as printed by the CLI. */
  urls(): { openrouter: { url: string; baseUrl: string }; litellm: { url: string }; databricks: { url: string } };
  close(): Promise<void>;
}

export async function startAllSimulators(options: AllSimulatorsOptions = {}): Promise<AllSimulators> {
  const common = { host: options.host, maxRecorded: options.maxRecorded };
  const [openrouter, litellm, databricks] = await Promise.all([
    startFakeOpenRouter({ ...common, port: options.ports?.openrouter, apiKey: options.openrouterKey }),
    startFakeLiteLLM({ ...common, port: options.ports?.litellm, apiKey: options.litellmKey }),
    startFakeDatabricks({ ...common, port: options.ports?.databricks, token: options.databricksToken }),
  ]);
  return {
    openrouter,
    litellm,
    databricks,
    urls: () => ({
      openrouter: { url: openrouter.url, baseUrl: openrouter.baseUrl },
      litellm: { url: litellm.url },
      databricks: { url: databricks.url },
    }),
    close: async () => {
      await Promise.all([openrouter.close(), litellm.close(), databricks.close()]);
    },
  };
}

export function parseSimulatorArgs(argv: string[]): AllSimulatorsOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const found = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!found) throw new Error(`Unexpected argument: ${argv[i]}`);
    const value = found[2] ?? argv[++i];
    if (value === undefined) throw new Error(`Missing value for --${found[1]}`);
    values.set(found[1]!, value);
  }
  const known = ['host', 'openrouter-port', 'litellm-port', 'databricks-port', 'openrouter-key', 'litellm-key', 'databricks-token'];
  const unknown = [...values.keys()].filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`Unknown option(s): ${unknown.map((key) => `--${key}`).join(', ')}; known: ${known.join(', ')}`);
  const port = (key: string) => {
    const raw = values.get(key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`--${key} must be a port number, got ${raw}`);
    return value;
  };
  return {
    host: values.get('host'),
    ports: { openrouter: port('openrouter-port'), litellm: port('litellm-port'), databricks: port('databricks-port') },
    openrouterKey: values.get('openrouter-key'),
    litellmKey: values.get('litellm-key'),
    databricksToken: values.get('databricks-token'),
    // A long-running demo must not grow without bound.
    maxRecorded: 200,
  };
}

async function main(): Promise<void> {
  let options: AllSimulatorsOptions;
  try {
    options = parseSimulatorArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const simulators = await startAllSimulators(options);
  process.stdout.write(`${JSON.stringify(simulators.urls())}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void simulators.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`run-simulators: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
