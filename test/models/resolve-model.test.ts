import { DEFAULT_FAMILIES } from '../../core/config/resolve-config';
import { resolveModel, type ModelTable } from '../../core/models/resolve-model';

const table: ModelTable = {
  map: { 'claude-sonnet-4': 'up/sonnet-4', big: 'up/big', small: 'up/small' },
  families: DEFAULT_FAMILIES,
  defaultModel: 'up/default',
  settings: {},
};

describe('resolveModel', () => {
  it.each([
    ['claude-sonnet-4', 'up/sonnet-4', 'exact'],
    ['big', 'up/big', 'alias'],
    ['small', 'up/small', 'alias'],
    ['claude-sonnet-4-5-20250929', 'up/big', 'family'],
    ['claude-opus-4-8', 'up/big', 'family'],
    ['claude-3-5-haiku-20241022', 'up/small', 'family'],
    ['claude-haiku-5-5', 'up/small', 'family'],
    ['gpt-4o', 'up/default', 'default'],
  ])('%s -> %s by the %s rule', (requested, upstream, rule) => {
    expect(resolveModel(requested, table)).toMatchObject({ upstreamModel: upstream, rule });
  });

  it("asks the plugin's own rule before the family rules", () => {
    const withPlugin = { ...table, pluginResolve: (id: string) => (id.startsWith('claude-') ? `vendor/${id}` : undefined) };
    expect(resolveModel('claude-opus-4-8', withPlugin)).toEqual({ upstreamModel: 'vendor/claude-opus-4-8', rule: 'plugin' });
    expect(resolveModel('claude-sonnet-4', withPlugin).rule).toBe('exact');
  });

  it('uses configured family rules', () => {
    const custom = { ...table, families: [{ match: 'opus', alias: 'small' }] };
    expect(resolveModel('claude-opus-4-8', custom)).toMatchObject({ upstreamModel: 'up/small', detail: 'opus -> small' });
    expect(resolveModel('claude-sonnet-4-5', custom).rule).toBe('default');
  });
});
