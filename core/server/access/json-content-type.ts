/**
 * `application/json`, with parameters or not, in any case. Browsers send
 * text/plain, form and multipart bodies cross-origin without a preflight:
 * refusing them keeps a page from spending the gateway unasked.
 */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === 'application/json') return true;
  if (value === undefined) return false;
  const semicolon = value.indexOf(';');
  return (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase() === 'application/json';
}
