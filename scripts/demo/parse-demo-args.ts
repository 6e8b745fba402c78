import { FAIL_USAGE, parseDemoFailure, type DemoFailure } from './demo-failures';
import { DATABRICKS_APIS, DEMO_BACKENDS, type DatabricksApi, type DemoBackend } from './simulated-backends';

export interface DemoOptions {
  backend: DemoBackend;
  port: number;
  databricksApi: DatabricksApi;
  /** Send one request through, print the answer, stop. */
  smoke: boolean;
  /** The simulated upstreams fail the first calls this way (then answer). */
  fail?: DemoFailure;
  help: boolean;
}

export const DEMO_USAGE = `Usage: npm run demo -- [--backend ${DEMO_BACKENDS.join('|')}] [--port N] [--databricks-api ${DATABRICKS_APIS.join('|')}] [--smoke] [--fail ${FAIL_USAGE}]

Starts simulated OpenRouter, LiteLLM and Databricks upstreams on 127.0.0.1 and the gateway in front
of them: no API keys needed, nothing leaves this machine. Ctrl-C stops everything.

  --backend         PROXY_BACKEND for the gateway (default OPENROUTER)
  --port            gateway port (default 4000; 0 picks a free one)
  --databricks-api  DATABRICKS_API when the backend is AZURE_DATABRICKS (default invocations)
  --smoke           send one request through the gateway, print the answer and exit
  --fail 429[:N]    the first N model calls (default 1) get a 429 with Retry-After: 1, then the model answers
  --fail midstream[:N]
                    the first N streamed answers break after they began, with an error event
                    (with --fail the gateway does not retry, so the client sees the failure and retries itself)`;

export function parseDemoArgs(argv: string[]): DemoOptions {
  const options: DemoOptions = { backend: 'OPENROUTER', port: 4000, databricksApi: 'invocations', smoke: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]!);
    const value = () => {
      const found = inline ?? argv[++i];
      if (found === undefined) throw new Error(`Missing value for ${flag}`);
      return found;
    };
    switch (flag) {
      case '--backend':
        options.backend = oneOf(flag, value().toUpperCase(), DEMO_BACKENDS);
        break;
      case '--port':
        options.port = port(value());
        break;
      case '--databricks-api':
        options.databricksApi = oneOf(flag, value().toLowerCase(), DATABRICKS_APIS);
        break;
      case '--smoke':
        options.smoke = true;
        break;
      case '--fail':
        options.fail = parseDemoFailure(value().toLowerCase());
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`Unknown argument: ${argv[i]}`);
    }
  }
  return options;
}

function splitFlag(arg: string): [string, string | undefined] {
  const at = arg.indexOf('=');
  return arg.startsWith('--') && at !== -1 ? [arg.slice(0, at), arg.slice(at + 1)] : [arg, undefined];
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`Invalid ${flag} value: ${value}. Must be one of: ${allowed.join(', ')}`);
  return value as T;
}

function port(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535) throw new Error(`--port must be a port number (0-65535), got ${raw}`);
  return value;
}
