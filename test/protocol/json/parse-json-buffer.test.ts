import fc from 'fast-check';
import { parseJsonBuffer } from '../../../core/protocol/json/parse-json-buffer';

/** JSON text with random whitespace around every token, so cuts land next to it. */
function spaced(value: unknown, space: string): string {
  if (Array.isArray(value)) return `[${space}${value.map((item) => spaced(item, space)).join(`${space},${space}`)}${space}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}${space}:${space}${spaced(item, space)}`);
    return `{${space}${members.join(`${space},${space}`)}${space}}`;
  }
  return JSON.stringify(value);
}

function syntaxErrorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected invalid JSON');
}

describe('parseJsonBuffer', () => {
  it('gives what JSON.parse gives, whatever the piece size', () => {
    const anyJson = fc.jsonValue({ maxDepth: 5 });
    const space = fc.constantFrom('', ' ', '\n', '\t \r\n');
    fc.assert(
      fc.property(anyJson, space, fc.integer({ min: 1, max: 64 }), (value, gap, pieceBytes) => {
        const text = spaced(value, gap);
        expect(parseJsonBuffer(Buffer.from(text), { pieceBytes })).toStrictEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps escaped quotes, backslashes and characters outside Latin-1 inside cut strings', () => {
    const text = JSON.stringify({
      a: ['say \\"hi\\"', '\\', 'ends with \\\\', 'quote "inside"'],
      b: { '→ arrow': '1→export function parse() {}', emoji: '😀 and \u00e9 and \\u00e9' },
      c: [{ nested: [[], {}, '', 0, -1.5e3, true, false, null] }],
    });
    expect(parseJsonBuffer(Buffer.from(text), { pieceBytes: 8 })).toStrictEqual(JSON.parse(text));
  });

  it('makes "__proto__" an own property as JSON.parse does, without touching the prototype', () => {
    const text = '{"__proto__": {"polluted": true}, "x": 1}';
    const parsed = parseJsonBuffer(Buffer.from(text), { pieceBytes: 4 }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'x']);
    expect(parsed).toStrictEqual(JSON.parse(text));
  });

  it('keeps the last of duplicate keys, in the first one\'s place, as JSON.parse does', () => {
    const text = '{"a": 1, "b": 2, "a": 3}';
    const parsed = parseJsonBuffer(Buffer.from(text), { pieceBytes: 4 });
    expect(parsed).toStrictEqual(JSON.parse(text));
    expect(Object.keys(parsed as object)).toEqual(['a', 'b']);
  });

  it('parses nesting far deeper than it cuts, as JSON.parse does', () => {
    const levels = 100_000;
    let value = parseJsonBuffer(Buffer.from(`${'['.repeat(levels)}"core"${']'.repeat(levels)}`)) as unknown;
    let depth = 0;
    while (Array.isArray(value)) {
      value = value[0];
      depth += 1;
    }
    expect({ depth, value }).toEqual({ depth: levels, value: 'core' });
  });

  it.each([
    '{"a": [1, 2,]}',
    '{"a": 1,}',
    '{"a" 1}',
    '{"a": tru}',
    '{"a": 1} x',
    '{"a": "unterminated}',
    '[1, 2',
    '{"a": 1x}',
    '{"a": [1] 2}',
    '',
  ])('throws the SyntaxError JSON.parse throws for %j', (text) => {
    expect(() => parseJsonBuffer(Buffer.from(text), { pieceBytes: 2 })).toThrow(new SyntaxError(syntaxErrorOf(text)));
  });

  it('reads bytes as Latin-1 when asked: JSON.parse of the Latin-1 text, whatever the piece size', () => {
    const anyJson = fc.jsonValue({ maxDepth: 5, stringUnit: 'grapheme' });
    fc.assert(
      fc.property(anyJson, fc.integer({ min: 1, max: 64 }), (value, pieceBytes) => {
        const raw = Buffer.from(JSON.stringify(value));
        expect(parseJsonBuffer(raw, { pieceBytes, encoding: 'latin1' })).toStrictEqual(JSON.parse(raw.toString('latin1')));
      }),
      { numRuns: 300 },
    );
    expect(parseJsonBuffer(Buffer.from('{"a":"→"}'), { encoding: 'latin1' })).toEqual({ a: '\u00e2\u0086\u0092' });
  });

  it('gives JSON.parse\'s answer for a large Claude-Code-shaped body with the default piece size', () => {
    const line = '     1→export function parse(input: string) { return JSON.parse(input); }\n';
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 32000,
      system: [{ type: 'text', text: 'You are Claude Code. '.repeat(3000) }],
      messages: Array.from({ length: 30 }, (_, i) => ({
        role: i % 2 ? 'assistant' : 'user',
        content: [{ type: 'text', text: line.repeat(40) }],
      })),
    };
    const raw = Buffer.from(JSON.stringify(body));
    expect(raw.length).toBeGreaterThan(150 * 1024);
    expect(parseJsonBuffer(raw)).toStrictEqual(body);
  });
});
