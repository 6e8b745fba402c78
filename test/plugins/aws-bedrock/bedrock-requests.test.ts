import { waitForLog } from '../../helpers/start-gateway';
import { startBedrockRig, type BedrockRig } from './bedrock-rig';

// What AWS_BEDROCK sends: Bedrock's body rules, the betas it takes, and the
// model map with the cross-region inference profile prefix.

const ASK = { model: 'claude-sonnet-4-6', max_tokens: 32, messages: [{ role: 'user' as const, content: 'hello' }] };

describe('AWS_BEDROCK requests', () => {
  let rig: BedrockRig;
  beforeAll(async () => {
    rig = await startBedrockRig();
  });
  afterEach(() => rig.bedrock.reset());
  afterAll(() => rig.close());
  const last = () => rig.bedrock.received.at(-1)!;

  it('sends anthropic_version bedrock-2023-05-31 and no model or stream in the body; the stream is chosen by the path', async () => {
    await rig.client.messages.create(ASK);
    await rig.client.messages.stream(ASK).finalMessage();
    const [plain, streamed] = rig.bedrock.received;
    expect(plain!.path).toBe('/model/us.anthropic.claude-sonnet-4-6/invoke');
    expect(streamed!.path).toBe('/model/us.anthropic.claude-sonnet-4-6/invoke-with-response-stream');
    for (const sent of [plain!, streamed!]) {
      expect(sent.json).toEqual({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 32, messages: ASK.messages });
      expect(sent.headers['content-type']).toBe('application/json');
    }
    expect(streamed!.headers.accept).toBe('application/vnd.amazon.eventstream');
  });

  it('moves the betas Bedrock accepts from the anthropic-beta header into anthropic_beta, and drops the rest with a debug line', async () => {
    const betas = 'claude-code-20250219,interleaved-thinking-2025-05-14,context-1m-2025-08-07,mcp-servers-2025-12-04';
    const message = await rig.client.messages.create(ASK, { headers: { 'anthropic-beta': betas } });
    expect(message.type).toBe('message');
    expect(last().json.anthropic_beta).toEqual(['interleaved-thinking-2025-05-14', 'context-1m-2025-08-07']);
    expect(last().headers['anthropic-beta']).toBeUndefined();
    const line = await waitForLog(rig.gw.logs, 'Dropped betas the upstream does not accept');
    expect(line.betas).toEqual(['claude-code-20250219', 'mcp-servers-2025-12-04']);
  });

  it("drops what Bedrock's schema refuses: metadata other than user_id, Claude Code's attribution line in the system prompt", async () => {
    await rig.client.messages.create({
      ...ASK,
      metadata: { user_id: 'u-1', tags: ['x'] } as never,
      system: [
        { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.331; cc_entrypoint=cli;' },
        { type: 'text', text: 'You are Claude Code.' },
      ],
    });
    expect(last().json.metadata).toEqual({ user_id: 'u-1' });
    expect(last().json.system).toEqual([{ type: 'text', text: 'You are Claude Code.' }]);
  });

  it.each([
    ['claude-opus-4-5', '/model/us.anthropic.claude-opus-4-5-20251101-v1%3A0/invoke'],
    ['claude-haiku-5-5', '/model/us.anthropic.claude-haiku-5-5/invoke'],
    ['claude-opus-4-8', '/model/us.anthropic.claude-opus-4-8/invoke'],
    ['claude-sonnet-4-5-20250929', '/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/invoke'],
    ['claude-sonnet-9-9', '/model/us.anthropic.claude-sonnet-5-5/invoke'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', '/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke'],
  ])('maps %s to the Bedrock id under the region\'s inference profile (%s)', async (model, path) => {
    const message = await rig.client.messages.create({ ...ASK, model });
    expect(last().path).toBe(path);
    expect(message.model).toBe(model);
  });
});

describe('AWS_BEDROCK inference profiles', () => {
  it.each([
    [{ AWS_REGION: 'eu-central-1' }, '/model/eu.anthropic.claude-sonnet-4-6/invoke'],
    [{ AWS_REGION: 'ap-northeast-1' }, '/model/apac.anthropic.claude-sonnet-4-6/invoke'],
    [{ AWS_REGION: 'eu-central-1', AWS_BEDROCK_INFERENCE_PROFILE: 'global' }, '/model/global.anthropic.claude-sonnet-4-6/invoke'],
  ])('%o calls %s', async (env, path) => {
    const rig = await startBedrockRig(env);
    try {
      await rig.client.messages.create(ASK);
      expect(rig.bedrock.received[0]!.path).toBe(path);
    } finally {
      await rig.close();
    }
  });

  it('with AWS_BEDROCK_INFERENCE_PROFILE=none calls the foundation model, which Bedrock refuses for on-demand use of newer models', async () => {
    const rig = await startBedrockRig({ AWS_BEDROCK_INFERENCE_PROFILE: 'none' });
    try {
      const error = (await rig.client.messages.create(ASK).catch((e: unknown) => e)) as { status: number; error: { error: { message: string } } };
      expect(rig.bedrock.received[0]!.path).toBe('/model/anthropic.claude-sonnet-4-6/invoke');
      expect(error.status).toBe(400);
      expect(error.error.error.message).toContain('with on-demand throughput isn');
    } finally {
      await rig.close();
    }
  });
});
