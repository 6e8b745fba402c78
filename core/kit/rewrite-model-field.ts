import { QUOTE, skipJsonSpace as skipSpace, skipJsonString as skipString } from '../protocol/json/scan-json-bytes';

const COLON = 0x3a;
const OPEN = new Set([0x7b, 0x5b]); // { [
const CLOSE = new Set([0x7d, 0x5d]); // } ]

/**
 * The request body with the top-level `"model"` string replaced, every other
 * byte untouched: a pass-through should not decode and re-encode a 100 KB body
 * to change one field. The result is three pieces to send one after the
 * other (before the value, the new value, after it), views of `raw` but the
 * middle one, so the body is not copied either. Returns undefined when the
 * field cannot be found as expected (the caller then re-serialises). Clients
 * send `model` first, so the scan usually stops within the first bytes.
 */
export function rewriteModelField(raw: Buffer, current: string, replacement: string): Buffer[] | undefined {
  let depth = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const byte = raw[i]!;
    if (byte === QUOTE) {
      const end = skipString(raw, i);
      if (end === -1) return undefined;
      const afterKey = skipSpace(raw, end);
      if (depth === 1 && raw[afterKey] === COLON && raw.toString('latin1', i, end) === '"model"') {
        const valueStart = skipSpace(raw, afterKey + 1);
        if (raw[valueStart] !== QUOTE) return undefined;
        const valueEnd = skipString(raw, valueStart);
        if (valueEnd === -1 || JSON.parse(raw.toString('utf8', valueStart, valueEnd)) !== current) return undefined;
        return [raw.subarray(0, valueStart), Buffer.from(JSON.stringify(replacement)), raw.subarray(valueEnd)];
      }
      i = end - 1;
    } else if (OPEN.has(byte)) {
      depth += 1;
    } else if (CLOSE.has(byte)) {
      depth -= 1;
    }
  }
  return undefined;
}
