// Thousands of generated bad requests against a translating and a forwarding
// backend: the gateway must answer each in Anthropic's error envelope (or
// serve it, when the mutation happened to leave it valid), make no 5xx of its
// own, forward nothing that is not a JSON request, and still serve afterwards.
// FUZZ_RUNS (default 2000) sets the count; `npm run fuzz -- --runs 20000` runs more.

import fc from 'fast-check';
import { startAllSimulators, type AllSimulators } from '../../scripts/simulators/run-simulators';
import { postJson, startGateway, type TestGateway } from '../helpers/start-gateway';
import { badRequest, badRequestHead, type FuzzRequest } from './bad-requests';
import { sendRaw, sendRawHead, type RawAnswer } from '../helpers/send-raw';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
// Some heads (blank lines, which Node skips) wait out the socket's grace period: keep these fewer.
const HEAD_RUNS = Math.max(50, Math.round(RUNS / 40));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
// Generous for 2,000 runs on a loaded 2-core machine; a longer run scales it.
const TIME_LIMIT_MS = Math.max(150_000, RUNS * 60);

const ERROR_TYPES = new Set([
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'timeout_error',
  'overloaded_error',
  'billing_error',
]);

/** Why an answer breaks the rules, or undefined when it keeps them. */
function fault(answer: RawAnswer): string | undefined {
  if (answer.status >= 500) return `a ${answer.status} from the gateway: ${answer.text.slice(0, 300)}`;
  if (answer.status < 400) return undefined;
  if (!String(answer.headers['content-type'] ?? '').startsWith('application/json')) return `a ${answer.status} that is not JSON: ${answer.headers['content-type']}`;
  const envelope = answer.json as { type?: unknown; error?: { type?: unknown; message?: unknown } } | undefined;
  if (envelope === undefined) return `a ${answer.status} whose body is not JSON: ${answer.text.slice(0, 200)}`;
  if (envelope.type !== 'error' || typeof envelope.error?.message !== 'string' || !ERROR_TYPES.has(String(envelope.error?.type))) {
    return `a ${answer.status} outside the envelope: ${answer.text.slice(0, 200)}`;
  }
  return undefined;
}

class Tally {
  private readonly counts = new Map<string, Map<number | string, number>>();
  total = 0;

  add(kind: string, status: number | string): void {
    this.total += 1;
    const byStatus = this.counts.get(kind) ?? new Map<number | string, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    this.counts.set(kind, byStatus);
  }

  toString(): string {
    const lines = [...this.counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, byStatus]) => `  ${kind}: ${[...byStatus.entries()].map(([status, n]) => `${status} x${n}`).join(', ')}`);
    return lines.join('\n');
  }
}

describe('fuzz: bad requests never make the gateway fail', () => {
  let simulators: AllSimulators;
  const gateways: Record<string, TestGateway> = {};
  const tally = new Tally();

  beforeAll(async () => {
    simulators = await startAllSimulators({ maxRecorded: 50 });
    const common = { LOG_LEVEL: 'error', GATEWAY_BODY_LIMIT: '2mb' };
    gateways.OPENROUTER = await startGateway({
      ...common,
      PROXY_BACKEND: 'OPENROUTER',
      OPENROUTER_API_KEY: 'sk-or-fuzz-key-000000',
      OPENROUTER_API_BASE: simulators.openrouter.baseUrl,
      OPENROUTER_MAX_RETRIES: '0',
    });
    gateways.LITELLM_MESSAGES = await startGateway({ ...common, PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: simulators.litellm.url, LITELLM_MAX_RETRIES: '0' });
  });

  afterAll(async () => {
    if (process.env.FUZZ_REPORT) process.stdout.write(`\nfuzz: ${tally.total} requests, by kind and status:\n${tally}\n`);
    await Promise.all(Object.values(gateways).map((gw) => gw.close()));
    await simulators?.close();
  });

  it(`answers ${RUNS} generated bad requests in the envelope, with no 5xx of its own, and forwards only JSON requests`, async () => {
    const forwardedBodies: string[] = [];
    const watch = (name: 'openrouter' | 'litellm') => () => {
      for (const received of simulators[name].received.splice(0)) forwardedBodies.push(received.body);
    };
    const collect = [watch('openrouter'), watch('litellm')];
    await fc.assert(
      fc.asyncProperty(badRequest, fc.constantFrom('OPENROUTER', 'LITELLM_MESSAGES'), async (request: FuzzRequest, backend) => {
        const answer = await sendRaw(gateways[backend]!.url, {
          method: request.method,
          path: request.path,
          headers: { ...request.headers, 'content-length': String(request.body.length) },
          body: request.body,
        });
        tally.add(`${backend} ${request.kind}`, answer.status);
        const problem = fault(answer);
        if (problem) throw new Error(`${request.method} ${request.path} (${request.kind}) got ${problem}`);
        for (const pull of collect) pull();
        for (const body of forwardedBodies.splice(0)) {
          const parsed = JSON.parse(body);
          if (typeof parsed?.model !== 'string' || !Array.isArray(parsed.messages)) throw new Error(`forwarded a body that is not a Messages request: ${body.slice(0, 200)}`);
        }
      }),
      { numRuns: RUNS, seed: SEED, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: true },
    );
  }, TIME_LIMIT_MS + 10_000);

  it(`answers ${HEAD_RUNS} malformed HTTP request heads in the envelope, or closes`, async () => {
    await fc.assert(
      fc.asyncProperty(badRequestHead, async (head) => {
        const answer = await sendRawHead(gateways.OPENROUTER!.url, head);
        tally.add('raw head', answer?.status ?? 'closed');
        if (!answer) return;
        const problem = fault(answer);
        if (problem) throw new Error(`${JSON.stringify(head.slice(0, 80))} got ${problem}`);
      }),
      { numRuns: HEAD_RUNS, seed: SEED, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: true },
    );
  }, TIME_LIMIT_MS + 10_000);

  it('is alive and serving afterwards, on both backends', async () => {
    for (const gw of Object.values(gateways)) {
      const answer = await postJson(`${gw.url}/v1/messages`, { model: 'claude-sonnet-4', max_tokens: 16, messages: [{ role: 'user', content: 'still there?' }] });
      expect(answer.status).toBe(200);
      expect(answer.json.content[0].text).toContain('still there?');
    }
  });
});
