// Databricks workspace hosts people paste: a per-workspace id (`adb-1234567890123456.7`,
// the seed's form), a full host, or a URL (a private link, a proxy, a test server).
const DATABRICKS_DOMAINS = ['.azuredatabricks.net', '.cloud.databricks.com', '.gcp.databricks.com', '.databricks.azure.cn'];

/** The workspace's base URL, without a trailing slash, from DATABRICKS_HOST. */
export function resolveBaseUrl(host: string): string {
  const trimmed = host.trim().replace(/\/+$/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed;
  const lower = trimmed.toLowerCase();
  if (DATABRICKS_DOMAINS.some((domain) => lower.endsWith(domain))) return `https://${trimmed}`;
  return `https://${trimmed}.azuredatabricks.net`;
}

/** The workspace as people name it in logs and health reports: its host, e.g. adb-1234567890123456.7.azuredatabricks.net. */
export function workspaceName(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
