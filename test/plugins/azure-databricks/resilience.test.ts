import Anthropic from '@anthropic-ai/sdk';
import { logEvents } from '../../helpers/start-gateway';
import { databricksError } from '../../../scripts/simulators';
import { startDatabricksHarness } from './databricks-harness';

const INVOCATIONS = '/serving-endpoints/{endpoint}/invocations';
const ask = { model: 'claude-sonnet-4', max_tokens: 50, messages: [{ role: 'user' as const, content: 'hi' }] };

describe('resilience through the core, for Databricks', () => {
  it('retries a 500 up to DATABRICKS_MAX_RETRIES and then succeeds', async () => {
    const h = await startDatabricksHarness({ DATABRICKS_MAX_RETRIES: '2' });
    try {
      const rule = h.dbx.script({ path: INVOCATIONS, times: 2, reply: databricksError(500, 'Internal error') });
      const message = await h.client.messages.create(ask);
      expect(message.content).toEqual([{ type: 'text', text: 'You said: hi' }]);
      expect(rule.hits).toBe(2);
      expect(h.served()).toHaveLength(3);
      expect(logEvents(h.gw.logs, 'Retrying upstream request')).toHaveLength(2);
    } finally {
      await h.close();
    }
  });

  it('gives up after DATABRICKS_MAX_RETRIES', async () => {
    const h = await startDatabricksHarness({ DATABRICKS_MAX_RETRIES: '1' });
    try {
      h.dbx.script({ path: INVOCATIONS, reply: databricksError(503, 'Endpoint is scaling up') });
      await expect(h.client.messages.create(ask)).rejects.toMatchObject({ status: 529, error: { error: { message: 'Endpoint is scaling up' } } });
      expect(h.served()).toHaveLength(2);
    } finally {
      await h.close();
    }
  });

  it('honours Retry-After on a 429 before retrying', async () => {
    const h = await startDatabricksHarness({ DATABRICKS_MAX_RETRIES: '1' });
    try {
      h.dbx.script({ path: INVOCATIONS, times: 1, reply: databricksError(429, 'Exceeded workspace rate limit', { retryAfter: 1 }) });
      await h.client.messages.create(ask);
      const [first, second] = h.served();
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
      expect(logEvents(h.gw.logs, 'Retrying upstream request')[0]).toMatchObject({ delayMs: 1000, status: 429 });
    } finally {
      await h.close();
    }
  });

  it('answers 504 when Databricks sends no headers within DATABRICKS_TIMEOUT', async () => {
    const h = await startDatabricksHarness({ DATABRICKS_TIMEOUT: '1', DATABRICKS_MAX_RETRIES: '2' });
    try {
      h.dbx.script({ path: INVOCATIONS, reply: { kind: 'hang' } });
      const error = await h.client.messages.create(ask).catch((e: unknown) => e as InstanceType<typeof Anthropic.APIError>);
      expect(error).toBeInstanceOf(Anthropic.APIError);
      expect(error).toMatchObject({ status: 504, error: { error: { type: 'api_error', message: 'Upstream Azure Databricks did not answer within 1 s' } } });
      expect(h.served()).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('closes the upstream request when the client goes away before the first byte', async () => {
    const h = await startDatabricksHarness({ DATABRICKS_API: 'messages' });
    try {
      h.dbx.script({ path: '/serving-endpoints/anthropic/v1/messages', reply: { kind: 'hang' } });
      const controller = new AbortController();
      const pending = h.client.messages.create(ask, { signal: controller.signal }).catch((e: unknown) => e);
      await h.dbx.waitFor(() => h.served().length === 1);
      controller.abort();
      expect(await pending).toBeInstanceOf(Anthropic.APIUserAbortError);
      await h.dbx.waitFor(() => h.dbx.abortedCount === 1);
      expect(h.served()[0]!.clientAborted).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('closes the upstream stream when the client goes away mid-stream', async () => {
    const h = await startDatabricksHarness();
    try {
      h.dbx.script({ path: INVOCATIONS, reply: { kind: 'turn', turn: { text: 'a long answer '.repeat(20) }, gapMs: 50 } });
      const stream = h.client.messages.stream(ask);
      const outcome = stream.finalMessage().catch((e: unknown) => e);
      await new Promise<void>((resolve) => stream.on('text', () => resolve()));
      stream.abort();
      expect(await outcome).toBeInstanceOf(Anthropic.APIUserAbortError);
      await h.dbx.waitFor(() => h.dbx.abortedCount === 1);
      expect(h.served()[0]).toMatchObject({ clientAborted: true, completed: false });
    } finally {
      await h.close();
    }
  });
});
