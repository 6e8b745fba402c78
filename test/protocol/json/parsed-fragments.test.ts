import { ParsedFragments } from '../../../core/protocol/json/parsed-fragments';

/** A JSON string of exactly `length` bytes, `fill` inside its quotes. */
function jsonText(length: number, fill = 'a'): Buffer {
  return Buffer.from(`"${fill.repeat(length - 2)}"`);
}

function rememberParsed(fragments: ParsedFragments, text: Buffer): unknown {
  return fragments.remember(text, 0, text.length, JSON.parse(text.toString('latin1')));
}

describe('ParsedFragments', () => {
  it('finds a remembered value by its bytes, wherever they sit in a buffer, and freezes it', () => {
    const fragments = new ParsedFragments({ budgetBytes: 64 * 1024 });
    const text = Buffer.from(JSON.stringify({ role: 'user', content: [{ type: 'text', text: 'the same history, turn after turn' }] }));
    const value = rememberParsed(fragments, text);
    const later = Buffer.concat([Buffer.from('{"messages":['), text, Buffer.from(']}')]);
    expect(fragments.find(later, 13, 13 + text.length)).toBe(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen((value as { content: object[] }).content[0])).toBe(true);
  });

  it('never takes one text for another, even when they differ in a single byte', () => {
    const fragments = new ParsedFragments({ budgetBytes: 1024 * 1024 });
    const base = jsonText(200);
    const variants = Array.from({ length: base.length - 2 }, (_, i) => {
      const variant = Buffer.from(base);
      variant[i + 1] = 0x62; // 'b'
      return variant;
    });
    const values = variants.map((variant) => rememberParsed(fragments, variant));
    let found = 0;
    variants.forEach((variant, i) => {
      const value = fragments.find(variant, 0, variant.length);
      if (value === undefined) return;
      found += 1;
      expect(value).toBe(values[i]);
    });
    expect(fragments.find(base, 0, base.length)).toBeUndefined();
    // Most of these share a fingerprint: only a few of them are kept for it.
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(variants.length);
  });

  it('stays within its budget, letting the least recently used go first', () => {
    const texts = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((fill) => jsonText(1500, fill));
    const probe = new ParsedFragments({ budgetBytes: 1024 * 1024 });
    rememberParsed(probe, texts[0]!);
    const budgetBytes = Math.floor(7.5 * probe.sizeBytes);
    const fragments = new ParsedFragments({ budgetBytes });
    texts.slice(0, 7).forEach((text) => rememberParsed(fragments, text));
    // Seven fit; the oldest is now the most recently used.
    expect(fragments.find(texts[0]!, 0, 1500)).toBeDefined();
    rememberParsed(fragments, texts[7]!);
    expect(fragments.sizeBytes).toBeLessThanOrEqual(budgetBytes);
    expect(fragments.find(texts[0]!, 0, 1500)).toBeDefined();
    expect(fragments.find(texts[1]!, 0, 1500)).toBeUndefined();
    expect(fragments.find(texts[7]!, 0, 1500)).toBeDefined();
  });

  it('leaves texts too small to be worth finding, or too large for its budget, unremembered and unfrozen', () => {
    const fragments = new ParsedFragments({ budgetBytes: 8 * 1024, minBytes: 64 });
    for (const text of [Buffer.from('{"type":"text","text":"hi"}'), jsonText(2 * 1024)]) {
      const value = { parsed: true };
      expect(fragments.remember(text, 0, text.length, value)).toBe(value);
      expect(Object.isFrozen(value)).toBe(false);
      expect(fragments.find(text, 0, text.length)).toBeUndefined();
    }
    expect(fragments.sizeBytes).toBe(0);
  });

  it('freezes values nested deeper than the stack would allow recursion', () => {
    const fragments = new ParsedFragments({ budgetBytes: 8 * 1024 * 1024 });
    const text = Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const value = rememberParsed(fragments, text) as unknown[];
    let innermost = value;
    while (innermost.length > 0) innermost = innermost[0] as unknown[];
    expect(Object.isFrozen(innermost)).toBe(true);
  });
});
