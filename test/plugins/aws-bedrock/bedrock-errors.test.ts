import Anthropic from '@anthropic-ai/sdk';
import { startBedrockRig, type BedrockRig } from './bedrock-rig';

// Bedrock's exceptions, before the stream (HTTP status + x-amzn-errortype) and
// inside it (exception frames), in Anthropic's terms.

const ASK = { model: 'claude-sonnet-4-6', max_tokens: 32, messages: [{ role: 'user' as const, content: 'hello' }] };

describe('AWS_BEDROCK errors', () => {
  let rig: BedrockRig;
  beforeAll(async () => {
    rig = await startBedrockRig();
  });
  afterEach(() => rig.bedrock.reset());
  afterAll(() => rig.close());

  it.each([
    ['ThrottlingException', 429, 429, 'rate_limit_error'],
    ['AccessDeniedException', 403, 403, 'permission_error'],
    ['ValidationException', 400, 400, 'invalid_request_error'],
    ['ServiceUnavailableException', 503, 529, 'overloaded_error'],
    ['ModelNotReadyException', 429, 503, 'api_error'],
    ['ModelTimeoutException', 408, 504, 'api_error'],
  ])('%s (HTTP %i) becomes %i %s', async (exception, upstreamStatus, status, type) => {
    rig.bedrock.script({ reply: { kind: 'failure', status: upstreamStatus, code: exception, message: `${exception} says no` } });
    const error = (await rig.client.messages.create(ASK).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(status);
    expect(error.error).toMatchObject({ type: 'error', error: { type, message: expect.stringContaining(`${exception} says no`) } });
  });

  it('a ValidationException about the input length becomes "prompt is too long", which makes Claude Code compact', async () => {
    rig.bedrock.script({ reply: { kind: 'failure', status: 400, code: 'ValidationException', message: 'Input is too long for requested model.' } });
    const error = (await rig.client.messages.create(ASK).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.APIError>;
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ error: { type: 'invalid_request_error', message: 'prompt is too long: Input is too long for requested model.' } });
  });

  it('an exception frame mid-stream ends the stream with an Anthropic error event', async () => {
    rig.bedrock.script({ reply: { kind: 'turn', turn: { text: 'a long answer that will not finish' }, midStreamError: { afterEvents: 4, code: 'ThrottlingException', message: 'Too many tokens, please wait before trying again.' } } });
    const error = (await rig.client.messages.stream(ASK).finalMessage().catch((e: unknown) => e)) as Error & { error?: unknown };
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringContaining('Too many tokens') } });
  });

  it('a ModelStreamErrorException mid-stream is reported as overloaded', async () => {
    rig.bedrock.script({ reply: { kind: 'turn', turn: { text: 'cut short' }, midStreamError: { afterEvents: 3, code: 'ModelStreamErrorException', message: 'Model stream error' } } });
    const error = (await rig.client.messages.stream(ASK).finalMessage().catch((e: unknown) => e)) as Error & { error?: unknown };
    expect(error.error).toMatchObject({ error: { type: 'overloaded_error' } });
  });
});
