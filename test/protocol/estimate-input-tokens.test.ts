import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MessagesRequest } from '../../core/protocol/anthropic/types';
import { CHARS_PER_TOKEN, estimateInputTokens, readImageSize, tokensForChars } from '../../core/protocol/estimate-input-tokens';

const body = (overrides: Partial<MessagesRequest>): MessagesRequest => ({ model: 'claude-sonnet-4-5', max_tokens: 1, messages: [], ...overrides });
const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/token-estimate', name), 'utf8');
const relativeError = (estimate: number, reference: number) => (estimate - reference) / reference;

describe('estimateInputTokens against reference counts', () => {
  // Exact counts returned by Anthropic's count_tokens endpoint, as published in its
  // token-counting guide (platform.claude.com/docs/en/build-with-claude/token-counting)
  // and, for "Hello, world", by the claude-token-count tool's README.
  test.each([
    ['system + "Hello, Claude"', body({ system: 'You are a scientist', messages: [{ role: 'user', content: 'Hello, Claude' }] }), 14, 0.25],
    ['"Hello, world"', body({ messages: [{ role: 'user', content: 'Hello, world' }] }), 10, 0.2],
    [
      'get_weather tool + question',
      body({
        tools: [
          {
            name: 'get_weather',
            description: 'Get the current weather in a given location',
            input_schema: { type: 'object', properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } }, required: ['location'] },
          },
        ],
        messages: [{ role: 'user', content: "What's the weather like in San Francisco?" }],
      }),
      403,
      0.1,
    ],
  ])('%s: within tolerance of the API count', (_label, request, reference, tolerance) => {
    const estimate = estimateInputTokens(request);
    expect(Math.abs(relativeError(estimate, reference))).toBeLessThanOrEqual(tolerance);
  });

  // Counts from @anthropic-ai/tokenizer 0.0.4 (Anthropic's published Claude tokenizer;
  // newer Claude tokenizers produce as many or more tokens, so these are lower bounds).
  // The estimate must never understate them by more than 10% (an understated count
  // keeps Claude Code from compacting), nor overstate them by more than 40%.
  test.each([
    ['english-prose.txt', 133],
    ['typescript-code.txt', 294],
  ])('%s: text estimate vs tokenizer count %i', (name, reference) => {
    const text = fixture(name);
    const estimate = estimateInputTokens(body({ messages: [{ role: 'user', content: text }] })) - estimateInputTokens(body({ messages: [{ role: 'user', content: '' }] }));
    expect(relativeError(estimate, reference)).toBeGreaterThanOrEqual(-0.1);
    expect(relativeError(estimate, reference)).toBeLessThanOrEqual(0.4);
  });

  test('tool-schema.json: tool estimate vs tokenizer count 128', () => {
    const tool = JSON.parse(fixture('tool-schema.json'));
    const withTool = estimateInputTokens(body({ tools: [tool], messages: [{ role: 'user', content: 'x' }] }));
    const without = estimateInputTokens(body({ messages: [{ role: 'user', content: 'x' }] }));
    const estimate = withTool - without - 346;
    expect(relativeError(estimate, 128)).toBeGreaterThanOrEqual(-0.1);
    expect(relativeError(estimate, 128)).toBeLessThanOrEqual(0.4);
  });
});

describe('estimateInputTokens covers every part of the request', () => {
  const base = body({ messages: [{ role: 'user', content: 'question' }] });
  const more = (extra: Partial<MessagesRequest>) => estimateInputTokens({ ...base, ...extra }) - estimateInputTokens(base);

  test('system, tools, tool_use inputs and tool_results all add tokens', () => {
    expect(more({ system: [{ type: 'text', text: 'x'.repeat(700) }] }) - more({ system: [{ type: 'text', text: 'x'.repeat(350) }] })).toBe(100);
    expect(more({ tools: [{ name: 'T', input_schema: { type: 'object' } }] })).toBeGreaterThan(346);
    expect(more({ tools: [{ name: 'T', input_schema: { type: 'object' } }], tool_choice: { type: 'any' } })).toBeGreaterThan(313);
    const history: MessagesRequest['messages'] = [
      { role: 'user', content: 'question' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Write', input: { content: 'y'.repeat(700) } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'z'.repeat(700) }] }] },
    ];
    expect(more({ messages: history })).toBeGreaterThan(400);
  });

  test('a non-empty prompt never estimates 0', () => {
    expect(estimateInputTokens(body({ messages: [{ role: 'user', content: 'a' }] }))).toBeGreaterThan(0);
  });

  test('tokensForChars uses the documented ratio', () => {
    expect(CHARS_PER_TOKEN).toBe(3.5);
    expect(tokensForChars(7)).toBe(2);
  });
});

describe('images', () => {
  const png = (width: number, height: number) => {
    const head = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(head);
    head.writeUInt32BE(13, 8);
    head.write('IHDR', 12, 'latin1');
    head.writeUInt32BE(width, 16);
    head.writeUInt32BE(height, 20);
    return head.toString('base64');
  };
  const gif = (width: number, height: number) => {
    const head = Buffer.alloc(13);
    head.write('GIF89a', 0, 'latin1');
    head.writeUInt16LE(width, 6);
    head.writeUInt16LE(height, 8);
    return head.toString('base64');
  };
  const jpeg = (width: number, height: number) => {
    const exif = Buffer.concat([Buffer.from([0xff, 0xe1, 0x01, 0x02]), Buffer.alloc(0x100)]);
    const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03]);
    return Buffer.concat([Buffer.from([0xff, 0xd8]), exif, sof, Buffer.alloc(20)]).toString('base64');
  };
  const webp = (width: number, height: number) => {
    const head = Buffer.alloc(30);
    head.write('RIFF', 0, 'latin1');
    head.write('WEBPVP8X', 8, 'latin1');
    head.writeUIntLE(width - 1, 24, 3);
    head.writeUIntLE(height - 1, 27, 3);
    return head.toString('base64');
  };

  test.each([
    ['png', png(640, 480)],
    ['gif', gif(640, 480)],
    ['jpeg', jpeg(640, 480)],
    ['webp', webp(640, 480)],
  ])('reads %s dimensions from the first bytes', (_format, data) => {
    expect(readImageSize(data)).toEqual({ width: 640, height: 480 });
  });

  const imageRequest = (data: string) =>
    body({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data } }] }] });
  // The baseline is a block that carries no content of its own, so only the image's tokens remain.
  const imageTokens = (data: string) =>
    estimateInputTokens(imageRequest(data)) - estimateInputTokens(body({ messages: [{ role: 'user', content: [{ type: 'redacted_thinking', data: '' }] }] }));

  test('width*height/750, capped near 1,600 for large images; unknown sizes count as the cap', () => {
    expect(imageTokens(png(640, 480))).toBe(Math.ceil((640 * 480) / 750));
    expect(imageTokens(png(4000, 3000))).toBe(1600);
    expect(imageTokens('bm90IGFuIGltYWdl')).toBe(1600);
    const url = estimateInputTokens(body({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }] }));
    expect(url).toBeGreaterThanOrEqual(1600);
  });

  test('PDF documents count per page', () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Pages /Count 2>>\n2 0 obj <</Type /Page>>\n3 0 obj <</Type /Page >>\n').toString('base64');
    const tokens = estimateInputTokens(body({ messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf } }] }] }));
    expect(tokens).toBeGreaterThanOrEqual(6000);
    expect(tokens).toBeLessThan(6100);
  });
});

describe('deep nesting', () => {
  test('a tool input nested 100,000 levels is counted, not a stack overflow', () => {
    const input = JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`) as Record<string, unknown>;
    const request = {
      model: 'claude-sonnet-4',
      max_tokens: 8,
      messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Read', input }] }],
    } as MessagesRequest;
    // Each level is one key of one character plus one for its separator.
    expect(estimateInputTokens(request)).toBeGreaterThan(tokensForChars(200_000));
  });
});

describe('the count does not change with the form a translation gives the request', () => {
  test('a text block counts as the same string', () => {
    const asString = estimateInputTokens(body({ messages: [{ role: 'user', content: 'hello there' }] }));
    expect(estimateInputTokens(body({ messages: [{ role: 'user', content: [{ type: 'text', text: 'hello there' }] }] }))).toBe(asString);
  });

  test("a tool counts its name, description and schema, not the fields the model never reads", () => {
    const tool = { name: 'Read', description: 'Reads a file', input_schema: { type: 'object' as const, properties: { file_path: { type: 'string' } } } };
    const plain = estimateInputTokens(body({ tools: [tool], messages: [{ role: 'user', content: 'x' }] }));
    const marked = estimateInputTokens(body({ tools: [{ ...tool, cache_control: { type: 'ephemeral' } } as never], messages: [{ role: 'user', content: 'x' }] }));
    expect(marked).toBe(plain);
  });
});
