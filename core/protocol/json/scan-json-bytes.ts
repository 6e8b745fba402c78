// Byte-level steps over JSON text, shared by the readers that look at a
// body without decoding it whole (parse-json-buffer, rewrite-model-field).

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function isJsonSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export function skipJsonSpace(raw: Buffer, from: number, end = raw.length): number {
  let i = from;
  while (i < end && isJsonSpace(raw[i])) i += 1;
  return i;
}

/** Index just past the string whose opening quote is at `start`, or -1 when it does not close before `end`. */
export function skipJsonString(raw: Buffer, start: number, end = raw.length): number {
  let i = start + 1;
  for (;;) {
    const quote = raw.indexOf(QUOTE, i);
    if (quote === -1 || quote >= end) return -1;
    let backslashes = 0;
    while (raw[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}
