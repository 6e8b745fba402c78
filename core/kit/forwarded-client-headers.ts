/**
 * The client request headers a pass-through forwards, besides the credential
 * its backend needs. Nothing else goes: not cookies, proxy credentials,
 * `x-forwarded-*`, hop-by-hop headers, nor the gateway's own key.
 */
export const FORWARDED_CLIENT_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'accept',
  'anthropic-version',
  'anthropic-beta',
  'user-agent',
  'x-request-id',
]);
