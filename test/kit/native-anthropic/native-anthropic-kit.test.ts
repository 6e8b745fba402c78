import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';
import { ApiError } from '../../../core/protocol/anthropic/errors';
import {
  buildNativeBody,
  crc32,
  decodeAwsEventStream,
  eventsFromAwsEventStream,
  type NativeAnthropicUpstream,
} from '../../../core/kit/native-anthropic';

// Frames made by the AWS SDK's own codec, so the kit's decoder is checked against another implementation.
const codec = new EventStreamCodec(toUtf8, fromUtf8);
const frame = (headers: Record<string, string>, payload: string) =>
  Buffer.from(
    codec.encode({
      headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, { type: 'string' as const, value }])),
      body: Buffer.from(payload),
    }),
  );
const chunk = (event: object) =>
  frame({ ':message-type': 'event', ':event-type': 'chunk', ':content-type': 'application/json' }, JSON.stringify({ bytes: Buffer.from(JSON.stringify(event)).toString('base64'), p: 'abcd' }));

async function* pieces(bytes: Buffer, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function collect<T>(source: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const batch of source) all.push(...batch);
  return all;
}

const quiet = { debug: () => undefined } as never;

describe('native-Anthropic kit: body rules', () => {
  const body = { model: 'claude-sonnet-4-6', stream: true, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }], anthropic_beta: ['already-there'] };

  it('drops model and stream, sets the version field, and moves only accepted betas into the body', () => {
    const debug = jest.fn();
    const bytes = buildNativeBody(
      body,
      { set: { anthropic_version: 'bedrock-2023-05-31' }, betaField: 'anthropic_beta', acceptsBeta: (beta) => beta.startsWith('context-1m') || beta.startsWith('interleaved') },
      { 'anthropic-beta': 'claude-code-20250219, interleaved-thinking-2025-05-14,context-1m-2025-08-07' },
      { debug } as never,
    );
    expect(JSON.parse(bytes.toString())).toEqual({
      max_tokens: 10,
      messages: [{ role: 'user', content: 'hi' }],
      anthropic_version: 'bedrock-2023-05-31',
      anthropic_beta: ['already-there', 'interleaved-thinking-2025-05-14', 'context-1m-2025-08-07'],
    });
    expect(debug).toHaveBeenCalledWith('Dropped betas the upstream does not accept', { betas: ['claude-code-20250219'] });
    expect(body.model).toBe('claude-sonnet-4-6');
  });

  it('keeps model and stream when told to, and fills defaults only where the client said nothing', () => {
    const bytes = buildNativeBody(body, { dropModel: false, dropStream: false }, {}, quiet, { max_tokens: 1, system: 'x' });
    expect(JSON.parse(bytes.toString())).toMatchObject({ model: 'claude-sonnet-4-6', stream: true, max_tokens: 10, system: 'x' });
  });
});

describe('native-Anthropic kit: AWS event-stream', () => {
  it('computes the IEEE CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('xx123456789yy'), 2, 11)).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('decodes frames split anywhere across reads', async () => {
    const bytes = Buffer.concat([chunk({ type: 'ping' }), frame({ ':message-type': 'event', ':event-type': 'other' }, '{}'), chunk({ type: 'message_stop' })]);
    for (const size of [1, 7, 13, bytes.length]) {
      const messages = await collect(decodeAwsEventStream(pieces(bytes, size)));
      expect(messages.map((m) => m.headers[':event-type'])).toEqual(['chunk', 'other', 'chunk']);
      expect(JSON.parse(messages[2]!.payload.toString()).bytes).toBe(Buffer.from('{"type":"message_stop"}').toString('base64'));
    }
  });

  it('refuses a frame whose checksum is wrong, and a body that ends inside a frame', async () => {
    const good = chunk({ type: 'ping' });
    const corrupt = Buffer.from(good);
    corrupt[corrupt.length - 6] ^= 1;
    await expect(collect(decodeAwsEventStream(pieces(corrupt, 5), 'B'))).rejects.toThrow('Upstream B sent a broken event stream (message checksum)');
    await expect(collect(decodeAwsEventStream(pieces(good.subarray(0, good.length - 1), 5), 'B'))).rejects.toThrow('the body ended inside a frame');
  });

  const upstream: NativeAnthropicUpstream = {
    backendName: 'TEST',
    url: () => 'http://127.0.0.1/',
    body: {},
    streamFormat: 'aws-event-stream',
    mapError: ({ headers, body }) => (headers[':exception-type'] === 'ThrottlingException' ? new ApiError(429, JSON.parse(body).message) : undefined),
    adjustEvent: (event) => {
      delete (event as unknown as Record<string, unknown>)['extra'];
      return event;
    },
  };

  it('turns chunks into Anthropic events, echoing the requested model and letting the plugin adjust each', async () => {
    const bytes = Buffer.concat([
      chunk({ type: 'message_start', message: { id: 'm', model: 'upstream-id', content: [] } }),
      chunk({ type: 'message_stop', extra: { outputTokenCount: 3 } }),
    ]);
    const events = await collect(eventsFromAwsEventStream(pieces(bytes, 9), upstream, { requestedModel: 'claude-x', logger: quiet }));
    expect(events).toEqual([{ type: 'message_start', message: { id: 'm', model: 'claude-x', content: [] } }, { type: 'message_stop' }]);
  });

  it('maps exception frames through the plugin, and the rest through the generic table', async () => {
    const throttled = frame({ ':message-type': 'exception', ':exception-type': 'ThrottlingException' }, '{"message":"slow down"}');
    await expect(collect(eventsFromAwsEventStream(pieces(throttled, 100), upstream, { requestedModel: 'x', logger: quiet }))).rejects.toMatchObject({
      status: 429,
      type: 'rate_limit_error',
      message: 'slow down',
    });
    const other = frame({ ':message-type': 'exception', ':exception-type': 'InternalServerException' }, '{"message":"boom"}');
    await expect(collect(eventsFromAwsEventStream(pieces(other, 100), upstream, { requestedModel: 'x', logger: quiet }))).rejects.toMatchObject({ status: 502, message: 'boom' });
  });
});
