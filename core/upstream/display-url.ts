/**
 * A URL as it may appear in an error message: scheme, host and path only. The
 * userinfo and the query string are dropped, since either can hold a credential.
 */
export function displayUrl(url: string | URL | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    const path = parsed.pathname === '/' ? '' : parsed.pathname;
    return `${parsed.protocol}//${parsed.host}${path}`;
  } catch {
    return undefined;
  }
}
