import Anthropic from '@anthropic-ai/sdk';
import { startDatabricksHarness, type DatabricksHarness } from './databricks-harness';

const FIVE_MB_TEXT = 'x'.repeat(5 * 1024 * 1024);

// 1.1 M quote characters: 2.2 MB in the client's JSON, twice that once the tool
// input is a JSON string inside the translated OpenAI body.
const quotes = '"'.repeat(1_100_000);
const conversationWithQuotes: Anthropic.MessageParam[] = [
  { role: 'user', content: 'write it' },
  { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_q', name: 'Write', input: { content: quotes } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_q', content: 'written' }] },
];
const writeTool = { name: 'Write', input_schema: { type: 'object' as const, properties: { content: { type: 'string' } } } };

async function expect413(h: DatabricksHarness, request: Anthropic.MessageCreateParamsNonStreaming) {
  const error = await h.client.messages.create(request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Anthropic.APIError);
  expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(413);
  const body = (error as InstanceType<typeof Anthropic.APIError>).error as { error: { type: string; message: string } };
  expect(body.error.type).toBe('request_too_large');
  expect(body.error.message).toMatch(/Azure Databricks.*4 MB payload limit/);
  expect(h.served()).toHaveLength(0);
}

describe.each(['invocations', 'messages'])('the 4 MB Databricks payload limit, %s mode', (mode) => {
  let h: DatabricksHarness;
  beforeAll(async () => {
    h = await startDatabricksHarness({ DATABRICKS_API: mode });
  });
  afterAll(() => h.close());
  beforeEach(() => h.dbx.reset());

  it('answers 413 request_too_large locally and sends nothing upstream', async () => {
    await expect413(h, { model: 'claude-sonnet-4', max_tokens: 100, messages: [{ role: 'user', content: FIVE_MB_TEXT }] });
  });
});

describe('the limit applies to the bytes sent, not the bytes received', () => {
  it('invocations: a 2.2 MB request that translates to over 4 MB is refused', async () => {
    const h = await startDatabricksHarness();
    try {
      await expect413(h, { model: 'claude-sonnet-4', max_tokens: 100, tools: [writeTool], messages: conversationWithQuotes });
      expect(h.gw.logs.some((line) => line.event === 'Request completed' && line.status === 413)).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('messages: the same request goes through, since the native body stays at 2.2 MB', async () => {
    const h = await startDatabricksHarness({ DATABRICKS_API: 'messages' });
    try {
      const message = await h.client.messages.create({ model: 'claude-sonnet-4', max_tokens: 100, tools: [writeTool], messages: conversationWithQuotes });
      expect(message.content).toEqual([{ type: 'text', text: 'Tool result received: written' }]);
      expect(h.served()).toHaveLength(1);
      expect(Buffer.byteLength(h.served()[0]!.body)).toBeLessThan(4 * 1024 * 1024);
    } finally {
      await h.close();
    }
  });
});
