import { postJson } from '../../helpers/start-gateway';
import { startBedrockRig, type BedrockRig } from './bedrock-rig';

const ASK = { model: 'claude-sonnet-4-6', max_tokens: 32, messages: [{ role: 'user' as const, content: 'hello' }] };

describe('AWS_BEDROCK client abort', () => {
  let rig: BedrockRig;
  beforeAll(async () => {
    rig = await startBedrockRig();
  });
  afterAll(() => rig.close());

  it('a client that leaves mid-stream ends the upstream call', async () => {
    rig.bedrock.script({ reply: { kind: 'turn', turn: { text: 'word '.repeat(200) }, gapMs: 50 } });
    const controller = new AbortController();
    const stream = rig.client.messages.stream(ASK, { signal: controller.signal });
    await new Promise<void>((resolve) => stream.on('text', () => resolve()));
    const abortedAt = Date.now();
    controller.abort();
    await stream.finalMessage().catch(() => undefined);
    await rig.bedrock.waitFor(() => rig.bedrock.abortedCount === 1, 3000);
    console.log('upstream aborted after', Date.now() - abortedAt, 'ms');
    expect(rig.bedrock.received[0]!.completed).toBe(false);
  });
});

describe('AWS_BEDROCK count_tokens', () => {
  let rig: BedrockRig;
  beforeAll(async () => {
    rig = await startBedrockRig({}, { models: ['anthropic.claude-sonnet-4-6', 'anthropic.claude-haiku-4-5-20251001-v1:0'] });
  });
  afterEach(() => rig.bedrock.reset());
  afterAll(() => rig.close());

  it("asks Bedrock's CountTokens for the foundation model, with the invoke body base64-wrapped", async () => {
    rig.bedrock.script({ path: /count-tokens/, reply: { kind: 'json', body: { inputTokens: 4242 } } });
    const count = await rig.client.messages.countTokens({ model: 'claude-sonnet-4-6', messages: ASK.messages });
    expect(count.input_tokens).toBe(4242);
    const sent = rig.bedrock.received[0]!;
    expect(sent.path).toBe('/model/anthropic.claude-sonnet-4-6/count-tokens');
    expect(rig.bedrock.invokeBody(sent)).toEqual({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 1, messages: ASK.messages });
  });

  it('answers with the local estimate where the model has no CountTokens', async () => {
    const local = await postJson(`${rig.gw.url}/v1/messages/count_tokens`, { model: 'claude-opus-4-8', messages: ASK.messages });
    expect(local.status).toBe(200);
    expect(local.json.input_tokens).toBeGreaterThan(0);
    expect(rig.bedrock.received[0]!.status).toBe(400);
  });
});
