import { DEFAULT_FAMILIES } from '../../core/config/resolve-config';
import { memoizedResolver, resolveModel, type ModelTable } from '../../core/models/resolve-model';

const table: ModelTable = {
  map: { 'claude-sonnet-4': 'up/sonnet-4', 'claude-opus-4-1': 'up/opus-4.1', big: 'up/big', small: 'up/small' },
  families: DEFAULT_FAMILIES,
  modelFamilies: { opus: ['up/opus-5.5', 'up/opus-4.1'], sonnet: ['up/sonnet-5.5', 'up/sonnet-4'], haiku: [] },
  defaultModel: 'up/default',
  settings: {},
  backend: 'TEST_BACKEND',
};

describe('resolveModel', () => {
  it.each([
    ['claude-sonnet-4', 'up/sonnet-4', 'exact'],
    ['claude-opus-4-1-20250805', 'up/opus-4.1', 'exact'],
    ['claude-sonnet-4-latest', 'up/sonnet-4', 'exact'],
    ['claude-sonnet-4[1m]', 'up/sonnet-4', 'exact'],
    ['big', 'up/big', 'alias'],
    ['small', 'up/small', 'alias'],
    ['claude-sonnet-4-5-20250929', 'up/sonnet-5.5', 'family'],
    ['claude-opus-4-8', 'up/opus-5.5', 'family'],
    ['claude-opus-5-5', 'up/opus-5.5', 'family'],
    ['gpt-4o', 'up/default', 'default'],
  ])('%s -> %s by the %s rule', (requested, upstream, rule) => {
    expect(resolveModel(requested, table)).toMatchObject({ upstreamModel: upstream, rule });
  });

  it('says why a family with no model on the backend gets the default, rather than another family', () => {
    expect(resolveModel('claude-haiku-5-5', table)).toEqual({ upstreamModel: 'up/default', rule: 'default', detail: 'no haiku model on TEST_BACKEND' });
  });

  it("never takes an object's inherited names for models", () => {
    for (const id of ['constructor', '__proto__', 'toString']) expect(resolveModel(id, table)).toEqual({ upstreamModel: 'up/default', rule: 'default' });
  });

  it("asks the plugin's own rule before the family rules", () => {
    const withPlugin = { ...table, pluginResolve: (id: string) => (id.startsWith('claude-') ? `vendor/${id}` : undefined) };
    expect(resolveModel('claude-opus-4-8', withPlugin)).toEqual({ upstreamModel: 'vendor/claude-opus-4-8', rule: 'plugin' });
    expect(resolveModel('claude-sonnet-4', withPlugin).rule).toBe('exact');
  });

  it('uses configured family rules: a family, a map key or an upstream model', () => {
    const custom = { ...table, families: [{ match: 'opus', alias: 'small' }, { match: 'sonnet', alias: 'up/sonnet-4' }, { match: 'mini', alias: 'opus' }] };
    expect(resolveModel('claude-opus-4-8', custom)).toMatchObject({ upstreamModel: 'up/small', detail: 'opus -> small' });
    expect(resolveModel('claude-sonnet-4-5', custom)).toMatchObject({ upstreamModel: 'up/sonnet-4', rule: 'family' });
    expect(resolveModel('gpt-mini', custom)).toMatchObject({ upstreamModel: 'up/opus-5.5', detail: 'mini -> newest opus' });
    expect(resolveModel('claude-haiku-4-5', custom).rule).toBe('default');
  });

  it('memoizes per id, and starts over past its limit', () => {
    let calls = 0;
    const counted = { ...table, pluginResolve: () => (calls++, undefined) };
    const resolve = memoizedResolver(counted, 2);
    resolve('gpt-a');
    resolve('gpt-a');
    expect(calls).toBe(1);
    resolve('gpt-b');
    resolve('gpt-c');
    resolve('gpt-a');
    expect(calls).toBe(4);
    expect(resolve('gpt-a')).toBe(resolve('gpt-a'));
  });
});
