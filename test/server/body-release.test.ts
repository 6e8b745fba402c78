import { parseJsonBuffer } from '../../core/protocol/json/parse-json-buffer';
import { stringifyJsonToBuffer } from '../../core/protocol/json/stringify-json-to-buffer';
import { collectGarbageUntil } from '../helpers/collect-garbage';
import { startGateway } from '../helpers/start-gateway';
import { startFakeLiteLLM, startFakeOpenRouter } from '../../scripts/simulators';

// The reader is wrapped, not replaced, to hold the request bytes it is given by a weak reference only.
jest.mock('../../core/protocol/json/parse-json-buffer', () => {
  const actual = jest.requireActual('../../core/protocol/json/parse-json-buffer');
  return { ...actual, parseJsonBuffer: jest.fn(actual.parseJsonBuffer) };
});

// The translator's output, wrapped the same way.
jest.mock('../../core/protocol/json/stringify-json-to-buffer', () => {
  const actual = jest.requireActual('../../core/protocol/json/stringify-json-to-buffer');
  return { ...actual, stringifyJsonToBuffer: jest.fn(actual.stringifyJsonToBuffer) };
});

/** 100 KB, outside ASCII like Claude Code's line markers: large enough to have its own ArrayBuffer. */
const BODY = JSON.stringify({
  model: 'claude-sonnet-4',
  max_tokens: 64,
  stream: true,
  messages: [{ role: 'user', content: '     1→const x = 1;\n'.repeat(5000) }],
});

/** Sends BODY, waits for the first bytes of the streamed answer, and says whether the body's memory is still reachable then. */
async function isBodyHeldWhileStreaming(gatewayUrl: string): Promise<boolean> {
  // A FinalizationRegistry, not a WeakRef: V8 keeps a WeakRef's target alive to the end of the job that made it.
  let parsedBodies = 0;
  let collectedBodies = 0;
  const registry = new FinalizationRegistry(() => (collectedBodies += 1));
  jest.mocked(parseJsonBuffer).mockImplementation((raw, options) => {
    expect(raw.buffer.byteLength).toBe(raw.length);
    parsedBodies += 1;
    registry.register(raw.buffer, undefined);
    return jest.requireActual('../../core/protocol/json/parse-json-buffer').parseJsonBuffer(raw, options);
  });
  const response = await fetch(`${gatewayUrl}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  expect(new TextDecoder().decode((await reader.read()).value)).toContain('message_start');
  expect(parsedBodies).toBeGreaterThan(0);
  // The mock's own record of its calls would hold the bytes.
  jest.mocked(parseJsonBuffer).mockClear();
  await collectGarbageUntil(() => collectedBodies >= parsedBodies);
  const held = collectedBodies < parsedBodies;
  while (!(await reader.read()).done);
  return held;
}

// Claude Code's streams last seconds to minutes, with bodies of hundreds of KB:
// the bytes are kept for retries until the answer begins, and not after.
describe('the request body is dropped once the streamed answer has begun', () => {
  it('LITELLM_MESSAGES (piped answer)', async () => {
    const litellm = await startFakeLiteLLM({ gapMs: 20 });
    const gw = await startGateway({ PROXY_BACKEND: 'LITELLM_MESSAGES', LITELLM_BASE_URL: litellm.url });
    try {
      expect(await isBodyHeldWhileStreaming(gw.url)).toBe(false);
    } finally {
      await gw.close();
      await litellm.close();
    }
  });

  it('OPENROUTER messages route (piped answer)', async () => {
    const openrouter = await startFakeOpenRouter({ gapMs: 20 });
    const gw = await startGateway({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API: 'messages', OPENROUTER_API_KEY: 'sk-or-test', OPENROUTER_API_BASE: openrouter.baseUrl });
    try {
      expect(await isBodyHeldWhileStreaming(gw.url)).toBe(false);
      expect(openrouter.received.at(-1)!.path).toBe('/api/v1/messages');
    } finally {
      await gw.close();
      await openrouter.close();
    }
  });

  it('OPENROUTER (translated answer)', async () => {
    const openrouter = await startFakeOpenRouter({ gapMs: 20 });
    const gw = await startGateway({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API: 'chat', OPENROUTER_API_KEY: 'sk-or-test', OPENROUTER_API_BASE: openrouter.baseUrl });
    try {
      expect(await isBodyHeldWhileStreaming(gw.url)).toBe(false);
    } finally {
      await gw.close();
      await openrouter.close();
    }
  });
});

// The translated body is sent once: while the upstream works on its answer,
// which for a long prompt takes seconds, the gateway holds none of its bytes.
it('OPENROUTER: the translated body is not held while the upstream prepares its answer', async () => {
  const openrouter = await startFakeOpenRouter();
  const gw = await startGateway({ PROXY_BACKEND: 'OPENROUTER', OPENROUTER_API: 'chat', OPENROUTER_API_KEY: 'sk-or-test', OPENROUTER_API_BASE: openrouter.baseUrl });
  let collected = false;
  const registry = new FinalizationRegistry(() => (collected = true));
  jest.mocked(stringifyJsonToBuffer).mockImplementation((value, pieceChars) => {
    const bytes = jest.requireActual('../../core/protocol/json/stringify-json-to-buffer').stringifyJsonToBuffer(value, pieceChars) as Buffer;
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    registry.register(bytes.buffer, undefined);
    return bytes;
  });
  let answer!: () => void;
  const arrived = new Promise<void>((resolve) => {
    openrouter.script({
      path: '/api/v1/chat/completions',
      reply: () => {
        resolve();
        return new Promise((reply) => (answer = () => reply({ kind: 'json', body: { id: 'gen-1', object: 'chat.completion', model: 'anthropic/claude-sonnet-4', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] } })));
      },
    });
  });
  try {
    const pending = fetch(`${gw.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY.replace('"stream":true,', '') });
    await arrived;
    jest.mocked(stringifyJsonToBuffer).mockClear();
    await collectGarbageUntil(() => collected);
    answer();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { content: unknown }).content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(collected).toBe(true);
  } finally {
    // Back to the real writer, not an empty mock, for whatever runs after this test.
    jest.mocked(stringifyJsonToBuffer).mockImplementation(jest.requireActual('../../core/protocol/json/stringify-json-to-buffer').stringifyJsonToBuffer);
    await gw.close();
    await openrouter.close();
  }
});
