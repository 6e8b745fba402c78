// Header values are visible ASCII; a client's id passed through as the upstream model may not be.
const HEADER_SAFE = /^[\x21-\x7e]{1,256}$/;

/** `x-gateway-upstream-model`'s value, or undefined where the id cannot travel in a header. */
export function upstreamModelHeader(model: string): string | undefined {
  return HEADER_SAFE.test(model) ? model : undefined;
}
