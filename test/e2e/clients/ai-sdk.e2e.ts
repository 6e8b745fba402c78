// The Vercel AI SDK (`ai` with `@ai-sdk/anthropic`) through the built gateway,
// against each backend's simulated upstream: generateText, streamText, a tool
// loop and generateObject, with the text, the object and the usage checked
// against what the upstream answered.

import { z } from 'zod';
import { conversationOf } from '../../../scripts/simulators';
import { E2E_BACKENDS } from '../e2e-backends';
import { CLIENT_MODEL, loggedUsage, startClientStack, sumUsage, type ClientStack, type TurnUsage } from './client-stack';
import { loadAiSdk, type AiSdk } from './load-client-libraries';

const WEATHER = z.object({
  city: z.string().min(20),
  temperatureC: z.number().int().min(5).max(30),
  conditions: z.enum(['sunny', 'cloudy', 'rain']),
  alerts: z.array(z.string()).min(2).max(3),
});

/** The SDK's usage in the simulator's terms (no cache tokens are reported here). */
function usageOf(usage: { inputTokens: number | undefined; outputTokens: number | undefined }): TurnUsage {
  return { inputTokens: usage.inputTokens ?? -1, outputTokens: usage.outputTokens ?? -1 };
}

describe.each(E2E_BACKENDS)('AI SDK through $label', (backend) => {
  let client: ClientStack;
  let sdk: AiSdk;
  let model: ReturnType<ReturnType<AiSdk['anthropic']['createAnthropic']>>;

  beforeAll(async () => {
    sdk = await loadAiSdk();
    client = await startClientStack(backend);
    const provider = sdk.anthropic.createAnthropic({ baseURL: `${client.url}/v1`, apiKey: client.apiKey });
    model = provider(CLIENT_MODEL);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
  });

  it('generateText: the upstream text, the requested model echoed, and the upstream usage', async () => {
    const mark = client.mark();
    const result = await sdk.ai.generateText({ model, prompt: 'Name a fruit that is yellow.', maxRetries: 0 });
    const [turn] = client.turnsSince(mark, 1);
    const logged = loggedUsage(await client.completedSince(mark, 1));
    client.explain(() => {
      expect(result.text).toBe('You said: Name a fruit that is yellow.');
      expect(result.text).toBe(turn!.turn.text);
      expect(result.finishReason).toBe('stop');
      expect(result.response.modelId).toBe(CLIENT_MODEL);
      expect(usageOf(result.usage)).toEqual(turn!.usage);
      expect(logged).toEqual([turn!.usage]);
      expect(conversationOf(turn!.request).stream).toBe(false);
    });
  });

  it('streamText: the text arrives in pieces on textStream, and the final usage is the upstream count', async () => {
    const mark = client.mark();
    const result = sdk.ai.streamText({ model, prompt: 'Spell out the word banana, please.', maxRetries: 0 });
    const pieces: string[] = [];
    for await (const piece of result.textStream) pieces.push(piece);
    const usage = await result.usage;
    const [turn] = client.turnsSince(mark, 1);
    const logged = loggedUsage(await client.completedSince(mark, 1));
    client.explain(() => {
      expect(pieces.join('')).toBe('You said: Spell out the word banana, please.');
      expect(pieces.join('')).toBe(turn!.turn.text);
      expect(conversationOf(turn!.request).stream).toBe(true);
      // The translated backends send message_start with an estimate; the final count comes in message_delta.
      expect(usageOf(usage)).toEqual(turn!.usage);
      expect(logged).toEqual([turn!.usage]);
    });
  });

  it('a tool loop: the tool runs with the input the model gave, and the next turn answers from its result', async () => {
    const mark = client.mark();
    const calls: unknown[] = [];
    const result = await sdk.ai.generateText({
      model,
      maxRetries: 0,
      prompt: 'What is the weather in Lisbon? CALL_TOOL get_weather {"city":"Lisbon"}',
      tools: {
        get_weather: sdk.ai.tool({
          description: 'Current weather for a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async (input: { city: string }) => {
            calls.push(input);
            return `Sunny and 21 C in ${input.city}`;
          },
        }),
      },
      stopWhen: sdk.ai.stepCountIs(3),
    });
    const turns = client.turnsSince(mark, 2);
    const logged = loggedUsage(await client.completedSince(mark, 2));
    client.explain(() => {
      expect(calls).toEqual([{ city: 'Lisbon' }]);
      expect(result.steps).toHaveLength(2);
      expect(result.steps[0]!.toolCalls.map((call) => [call.toolName, call.input])).toEqual([['get_weather', { city: 'Lisbon' }]]);
      expect(result.steps[0]!.finishReason).toBe('tool-calls');
      expect(conversationOf(turns[1]!.request).toolResults.map((r) => r.text)).toEqual([expect.stringContaining('Sunny and 21 C in Lisbon')]);
      expect(result.text).toBe(turns[1]!.turn.text);
      expect(result.text).toContain('Tool result received:');
      expect(result.text).toContain('Sunny and 21 C in Lisbon');
      expect(result.steps.map((step) => usageOf(step.usage))).toEqual(turns.map((t) => t.usage));
      expect(usageOf(result.totalUsage)).toEqual(sumUsage(turns.map((t) => t.usage)));
      expect(logged).toEqual(turns.map((t) => t.usage));
    });
  });

  it("generateObject: the schema reaches the upstream as the backend's structured output, and the object validates", async () => {
    const mark = client.mark();
    const result = await sdk.ai.generateObject({ model, schema: WEATHER, prompt: 'Describe the weather in Porto.', maxRetries: 0 });
    const [turn] = client.turnsSince(mark, 1);
    const logged = loggedUsage(await client.completedSince(mark, 1));
    client.explain(() => {
      const sent = conversationOf(turn!.request);
      expect(sent.outputSchema).toMatchObject({ type: 'object', properties: { city: expect.anything(), conditions: expect.anything() } });
      expect(sent.tools).toEqual([]);
      expect(WEATHER.safeParse(result.object).success).toBe(true);
      expect(result.object).toEqual(JSON.parse(turn!.turn.text!));
      expect(usageOf(result.usage)).toEqual(turn!.usage);
      expect(logged).toEqual([turn!.usage]);
    });
  });

  it('generateText with Output.object (what SDK 7 offers in place of generateObject), streamed: the object validates', async () => {
    const mark = client.mark();
    const result = sdk.ai.streamText({ model, output: sdk.ai.Output.object({ schema: WEATHER }), prompt: 'Describe the weather in Faro.', maxRetries: 0 });
    const output = await result.output;
    const usage = await result.usage;
    const [turn] = client.turnsSince(mark, 1);
    const logged = loggedUsage(await client.completedSince(mark, 1));
    client.explain(() => {
      expect(conversationOf(turn!.request)).toMatchObject({ stream: true, outputSchema: expect.objectContaining({ type: 'object' }) });
      expect(WEATHER.safeParse(output).success).toBe(true);
      expect(output).toEqual(JSON.parse(turn!.turn.text!));
      expect(usageOf(usage)).toEqual(turn!.usage);
      expect(logged).toEqual([turn!.usage]);
    });
  });
});
