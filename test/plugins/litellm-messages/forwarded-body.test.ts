import { parseJsonBuffer } from '../../../core/protocol/json/parse-json-buffer';
import { postJson, startGateway } from '../../helpers/start-gateway';
import { startFakeLiteLLM } from '../../../scripts/simulators';

// The reader is wrapped, not replaced, to see which decoding the core asks for.
jest.mock('../../../core/protocol/json/parse-json-buffer', () => {
  const actual = jest.requireActual('../../../core/protocol/json/parse-json-buffer');
  return { ...actual, parseJsonBuffer: jest.fn(actual.parseJsonBuffer) };
});

const BODY = '{ "model" : "claude-sonnet-4",\n  "max_tokens": 64, "messages": [{"role": "user", "content": "     1→const é = \\"✓\\"; // 👋"}] }';

describe('LITELLM_MESSAGES: a body outside ASCII (the manifest says requestBody: forwarded)', () => {
  it('is validated from its bytes read as Latin-1, and sent on byte for byte but the model', async () => {
    const litellm = await startFakeLiteLLM();
    const gw = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: litellm.url, LITELLM_MAX_RETRIES: '0' });
    try {
      jest.mocked(parseJsonBuffer).mockClear();
      const answer = await postJson(`${gw.url}/v1/messages`, BODY);
      expect(answer.status).toBe(200);
      expect(litellm.received.at(-1)!.body).toBe(BODY.replace('"claude-sonnet-4"', '"openrouter/anthropic/claude-sonnet-4"'));
      expect(jest.mocked(parseJsonBuffer).mock.calls.map(([, options]) => options?.encoding)).toEqual(['latin1']);
    } finally {
      await gw.close();
      await litellm.close();
    }
  });
});
