import { generateAnthropicId } from '../../../core/protocol/translate/generate-anthropic-id';

describe('generateAnthropicId', () => {
  it("makes ids shaped like Anthropic's, none repeated across many refills of the random pool", () => {
    const ids = Array.from({ length: 2000 }, (_, i) => generateAnthropicId(i % 2 ? 'msg' : 'toolu'));
    for (const [i, id] of ids.entries()) expect(id).toMatch(i % 2 ? /^msg_01[0-9A-Za-z]{22}$/ : /^toolu_01[0-9A-Za-z]{22}$/);
    expect(new Set(ids.map((id) => id.slice(id.indexOf('_01') + 3))).size).toBe(ids.length);
  });
});
