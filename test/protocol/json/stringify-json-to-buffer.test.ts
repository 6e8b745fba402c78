import fc from 'fast-check';
import { stringifyJsonToBuffer } from '../../../core/protocol/json/stringify-json-to-buffer';

describe('stringifyJsonToBuffer', () => {
  it('writes the bytes Buffer.from(JSON.stringify(value)) writes, whatever the piece size', () => {
    const container = fc.oneof(fc.array(fc.jsonValue({ maxDepth: 5 })), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 5 })));
    fc.assert(
      fc.property(container, fc.integer({ min: 1, max: 64 }), (value, pieceChars) => {
        expect(stringifyJsonToBuffer(value, pieceChars).toString()).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('treats undefined, functions, symbols and toJSON as JSON.stringify does', () => {
    const value = {
      kept: 1,
      gone: undefined,
      fn: () => 1,
      sym: Symbol('s'),
      list: [undefined, () => 1, Symbol('s'), 'x'],
      when: new Date(0),
      nested: { deeper: { deepest: ['→', 'é', '😀'] } },
    };
    expect(stringifyJsonToBuffer(value, 1).toString()).toBe(JSON.stringify(value));
  });

  it('writes nesting deeper than it splits, with long members at every level, byte for byte', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 40; i++) value = i % 2 ? { filler: 'x'.repeat(50), child: value } : ['→'.repeat(20), value];
    expect(stringifyJsonToBuffer(value as object, 8).toString()).toBe(JSON.stringify(value));
  });

  it('writes a large request with characters outside Latin-1 byte for byte', () => {
    const line = '     1→export function parse(input: string) { return JSON.parse(input); }\n';
    const request = {
      model: 'anthropic/claude-sonnet-4.5',
      messages: Array.from({ length: 40 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: line.repeat(60) })),
      tools: [{ type: 'function', function: { name: 'Read', parameters: { type: 'object', properties: {} } } }],
    };
    const expected = Buffer.from(JSON.stringify(request));
    expect(expected.length).toBeGreaterThan(150 * 1024);
    expect(stringifyJsonToBuffer(request).equals(expected)).toBe(true);
  });
});
