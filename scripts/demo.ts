// `npm run demo -- [--backend B] [--port N] [--databricks-api A] [--smoke] [--fail 429[:N]|midstream[:N]]`
//
// The gateway in front of simulated upstreams, for trying it with Claude Code
// before having any credentials. Prints the line to paste, streams the
// gateway's log, and stops everything on Ctrl-C (SIGINT) or SIGTERM.

import { startAllSimulators, type AllSimulators } from './simulators';
import { killAllChildren } from './bench/child-processes';
import { demoFailureEnv, scriptDemoFailures } from './demo/demo-failures';
import { DEMO_USAGE, parseDemoArgs, type DemoOptions } from './demo/parse-demo-args';
import { gatewayEnvForSimulators, SIMULATOR_CREDENTIALS } from './demo/simulated-backends';
import { sendSmokeRequest, SMOKE_MODEL } from './demo/send-smoke-request';
import { startDemoGateway, type DemoGateway } from './demo/start-demo-gateway';

const out = (line = '') => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** What a user pastes into another terminal to point Claude Code at the demo. */
function claudeCodeCommand(gatewayUrl: string): string {
  return `ANTHROPIC_BASE_URL=${gatewayUrl} ANTHROPIC_AUTH_TOKEN=demo claude`;
}

async function main(argv: string[]): Promise<void> {
  let options: DemoOptions;
  try {
    options = parseDemoArgs(argv);
  } catch (error) {
    err(`${(error as Error).message}\n\n${DEMO_USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    out(DEMO_USAGE);
    return;
  }

  const simulators = await startAllSimulators({
    openrouterKey: SIMULATOR_CREDENTIALS.openrouterKey,
    databricksToken: SIMULATOR_CREDENTIALS.databricksToken,
    // A demo left running must not grow without bound.
    maxRecorded: 200,
  });
  if (options.fail) scriptDemoFailures(simulators, options.fail);
  let gateway: DemoGateway | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () => (stopping ??= stopEverything(gateway, simulators));
  const exitAfterStop = (code: number) => void stopAll().then(() => process.exit(code));
  // `on`, not `once`: Ctrl-C under npm arrives twice (from the terminal, then
  // forwarded by npm), and a second signal must not kill us mid-shutdown.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      out(`\nStopping the demo (${signal}).`);
      exitAfterStop(0);
    });
  }

  const urls = simulators.urls();
  out('Simulated upstreams (made-up answers; no API keys; nothing leaves this machine):');
  out(`  OpenRouter  ${urls.openrouter.baseUrl}`);
  out(`  LiteLLM     ${urls.litellm.url}`);
  out(`  Databricks  ${urls.databricks.url}`);
  const backendLabel = options.backend === 'AZURE_DATABRICKS' ? `${options.backend} (DATABRICKS_API=${options.databricksApi})` : options.backend;
  if (options.fail) {
    const what = options.fail.mode === '429' ? 'a 429 (Retry-After: 1)' : 'an error in the middle of the streamed answer';
    out(`The first ${options.fail.times} model call(s) get ${what}, then the model answers; the gateway's own retries are off.`);
  }
  out(`Starting the gateway with PROXY_BACKEND=${backendLabel}; its log follows.`);
  try {
    const env = { ...gatewayEnvForSimulators(options.backend, urls, options.databricksApi), ...demoFailureEnv(options.fail) };
    gateway = await startDemoGateway(env, options.port, (line) => out(`[gateway] ${line}`));
  } catch (error) {
    err(`The gateway did not start: ${(error as Error).message}`);
    if (/EADDRINUSE/.test((error as Error).message)) err(`Port ${options.port} is taken: pass --port with a free port (0 picks one).`);
    await stopAll();
    process.exit(1);
  }
  const running = gateway;
  running.child.process.once('exit', (code, signal) => {
    if (stopping) return;
    err(`The gateway stopped unexpectedly (${signal ?? `exit code ${code}`}).\n${running.child.stderrTail().trim()}`);
    exitAfterStop(code === 0 ? 0 : 1);
  });

  if (options.smoke) {
    out(`Smoke test: POST ${running.url}/v1/messages (model ${SMOKE_MODEL})`);
    // Its log line goes out after the answer: wait for it, so the output reads in order and nothing is cut off.
    const logged = running.child.waitForJsonLine((line) => line.event === 'Request completed', 10_000).catch(() => undefined);
    const answer = await sendSmokeRequest(running.url).catch((error: Error) => ({ status: 0, backend: null, text: error.message }));
    await logged;
    out(`Answer (HTTP ${answer.status}, served by ${answer.backend ?? 'unknown'}): ${answer.text}`);
    exitAfterStop(answer.status === 200 ? 0 : 1);
    return;
  }

  out('');
  out('Point Claude Code at it from another terminal:');
  out('');
  out(`  ${claudeCodeCommand(running.url)}`);
  out('');
  out('The simulated model echoes what you say, calls the Read tool when asked to "read the file <path>",');
  out('and quotes the tool result back. Press Ctrl-C to stop.');
}

async function stopEverything(gateway: DemoGateway | undefined, simulators: AllSimulators): Promise<void> {
  // Stopped while the gateway was still booting: it is not ours to wait for yet, so kill it outright.
  if (gateway) await gateway.child.stop();
  else killAllChildren();
  await simulators.close();
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    err(`demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
