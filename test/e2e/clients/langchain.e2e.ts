// LangChain's ChatAnthropic through the built gateway, against each backend's
// simulated upstream: invoke, stream, bindTools and withStructuredOutput (both
// its forced-tool and its JSON-schema method), with the text, the tool calls,
// the object and the usage checked against what the upstream answered.

import { ChatAnthropic } from '@langchain/anthropic';
import type { AIMessageChunk } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { conversationOf } from '../../../scripts/simulators';
import { E2E_BACKENDS } from '../e2e-backends';
import { CLIENT_MODEL, loggedUsage, startClientStack, type ClientStack, type TurnUsage } from './client-stack';

const RECIPE = z.object({
  name: z.string().min(20),
  servings: z.number().int().min(2).max(12),
  ingredients: z.array(z.string().min(1)).min(2).max(5),
  difficulty: z.enum(['easy', 'medium', 'hard']),
});

const getWeather = tool(async ({ city }: { city: string }) => `Sunny in ${city}`, {
  name: 'get_weather',
  description: 'Current weather for a city',
  schema: z.object({ city: z.string() }),
});

function usageOf(message: { usage_metadata?: { input_tokens: number; output_tokens: number } }): TurnUsage | undefined {
  const usage = message.usage_metadata;
  return usage && { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens };
}

describe.each(E2E_BACKENDS)('LangChain ChatAnthropic through $label', (backend) => {
  let client: ClientStack;
  let chat: ChatAnthropic;
  /** The request bodies ChatAnthropic sent to the gateway, in order. */
  const sent: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    client = await startClientStack(backend);
    const recordingFetch = async (url: string | URL | Request, init?: RequestInit) => {
      if (typeof init?.body === 'string') sent.push(JSON.parse(init.body) as Record<string, unknown>);
      return fetch(url, init);
    };
    chat = new ChatAnthropic({
      model: CLIENT_MODEL,
      apiKey: client.apiKey,
      anthropicApiUrl: client.url,
      maxRetries: 0,
      maxTokens: 1024,
      clientOptions: { fetch: recordingFetch },
    });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
  });

  it('invoke: the upstream text, the requested model echoed, and the upstream usage', async () => {
    const mark = client.mark();
    const message = await chat.invoke('Name a vegetable that is green.');
    const [turn] = client.turnsSince(mark, 1);
    const logged = loggedUsage(await client.completedSince(mark, 1));
    client.explain(() => {
      expect(message.text).toBe('You said: Name a vegetable that is green.');
      expect(message.text).toBe(turn!.turn.text);
      expect(message.response_metadata.model).toBe(CLIENT_MODEL);
      expect(message.response_metadata.stop_reason).toBe('end_turn');
      expect(usageOf(message)).toEqual(turn!.usage);
      expect(logged).toEqual([turn!.usage]);
    });
  });

  it("stream: the text arrives in chunks; output tokens are the upstream's, input tokens message_start's (the upstream's, or on a chat upstream the gateway's estimate)", async () => {
    const mark = client.mark();
    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await chat.stream('Spell out the word cherry, please.')) chunks.push(chunk);
    const full = chunks.reduce((sum, chunk) => sum.concat(chunk));
    const [turn] = client.turnsSince(mark, 1);
    const logged = loggedUsage(await client.completedSince(mark, 1));
    // ChatAnthropic takes input tokens from message_start only, and adds message_start's
    // output count (1, as Anthropic sends it) to message_delta's.
    const [start, ...rest] = chunks.map(usageOf).filter((usage) => usage !== undefined);
    const translated = backend.format === 'openai';
    // A chat upstream reports its counts only at the end, so message_start can only carry the gateway's estimate.
    const estimate = translated ? await client.countTokens(sent.at(-1)!) : undefined;
    client.explain(() => {
      expect(chunks.filter((chunk) => chunk.text !== '').length).toBeGreaterThan(1);
      expect(full.text).toBe('You said: Spell out the word cherry, please.');
      expect(full.text).toBe(turn!.turn.text);
      expect(conversationOf(turn!.request).stream).toBe(true);
      expect(rest.at(-1)?.outputTokens).toBe(turn!.usage.outputTokens);
      if (estimate) expect(estimate.countedBy).toBe('estimate');
      expect(start?.inputTokens).toBe(estimate ? estimate.inputTokens : turn!.usage.inputTokens);
      expect(usageOf(full)).toEqual({ inputTokens: start!.inputTokens, outputTokens: start!.outputTokens + turn!.usage.outputTokens });
      expect(logged).toEqual([turn!.usage]);
    });
  });

  it('bindTools: the tool call the model made comes back in tool_calls, with its input', async () => {
    const mark = client.mark();
    const message = await chat.bindTools([getWeather]).invoke('What is the weather in Oslo? CALL_TOOL get_weather {"city":"Oslo"}');
    const [turn] = client.turnsSince(mark, 1);
    const logged = loggedUsage(await client.completedSince(mark, 1));
    client.explain(() => {
      expect(conversationOf(turn!.request).tools.map((t) => t.name)).toEqual(['get_weather']);
      expect(message.tool_calls).toEqual([{ type: 'tool_call', id: expect.stringMatching(/\S/), name: 'get_weather', args: { city: 'Oslo' } }]);
      expect(message.response_metadata.stop_reason).toBe('tool_use');
      expect(usageOf(message)).toEqual(turn!.usage);
      expect(logged).toEqual([turn!.usage]);
    });
  });

  it('withStructuredOutput (forced tool, the default method): the object validates', async () => {
    const mark = client.mark();
    const result = await chat.withStructuredOutput(RECIPE, { name: 'recipe', includeRaw: true }).invoke('A recipe for pancakes.');
    const [turn] = client.turnsSince(mark, 1);
    const logged = loggedUsage(await client.completedSince(mark, 1));
    client.explain(() => {
      expect(conversationOf(turn!.request).toolChoice).toEqual({ mode: 'tool', name: 'recipe' });
      expect(RECIPE.safeParse(result.parsed).success).toBe(true);
      expect(result.parsed).toEqual(turn!.turn.toolCalls?.[0]?.input);
      expect(usageOf(result.raw as AIMessageChunk)).toEqual(turn!.usage);
      expect(logged).toEqual([turn!.usage]);
    });
  });

  it("withStructuredOutput (method jsonSchema): the schema reaches the upstream as the backend's structured output, and the object validates", async () => {
    const mark = client.mark();
    const result = await chat.withStructuredOutput(RECIPE, { method: 'jsonSchema', includeRaw: true }).invoke('A recipe for soup.');
    const [turn] = client.turnsSince(mark, 1);
    const logged = loggedUsage(await client.completedSince(mark, 1));
    client.explain(() => {
      const sent = conversationOf(turn!.request);
      expect(sent.outputSchema).toMatchObject({ type: 'object', properties: { name: expect.anything(), difficulty: expect.anything() } });
      expect(sent.tools).toEqual([]);
      expect(RECIPE.safeParse(result.parsed).success).toBe(true);
      expect(result.parsed).toEqual(JSON.parse(turn!.turn.text!));
      expect(usageOf(result.raw as AIMessageChunk)).toEqual(turn!.usage);
      expect(logged).toEqual([turn!.usage]);
    });
  });
});
