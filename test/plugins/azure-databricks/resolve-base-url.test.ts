import { resolveBaseUrl, workspaceName } from '../../../plugins/azure-databricks/resolve-base-url';

describe('resolveBaseUrl', () => {
  it.each([
    ['adb-1234567890123456.7', 'https://adb-1234567890123456.7.azuredatabricks.net'],
    ['adb-1234567890123456.7.azuredatabricks.net', 'https://adb-1234567890123456.7.azuredatabricks.net'],
    ['dbc-a1b2c3d4-e5f6.cloud.databricks.com', 'https://dbc-a1b2c3d4-e5f6.cloud.databricks.com'],
    ['1234567890123456.7.gcp.databricks.com', 'https://1234567890123456.7.gcp.databricks.com'],
    ['adb-1234567890123456.7.databricks.azure.cn', 'https://adb-1234567890123456.7.databricks.azure.cn'],
    ['ADB-1.2.AzureDatabricks.NET', 'https://ADB-1.2.AzureDatabricks.NET'],
    ['https://adb-1234567890123456.7.azuredatabricks.net/', 'https://adb-1234567890123456.7.azuredatabricks.net'],
    ['http://127.0.0.1:8123', 'http://127.0.0.1:8123'],
    ['https://private-link.example.internal/databricks//', 'https://private-link.example.internal/databricks'],
    ['  my-workspace  ', 'https://my-workspace.azuredatabricks.net'],
    ['my-workspace/', 'https://my-workspace.azuredatabricks.net'],
  ])('%s -> %s', (host, expected) => {
    expect(resolveBaseUrl(host)).toBe(expected);
  });

  it('names the workspace by its host', () => {
    expect(workspaceName('https://adb-1234567890123456.7.azuredatabricks.net')).toBe('adb-1234567890123456.7.azuredatabricks.net');
    expect(workspaceName('http://127.0.0.1:8123')).toBe('127.0.0.1:8123');
  });
});
