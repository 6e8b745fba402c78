import { randomFillSync } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_CHARS = 22;

// One call for random bytes per id cost more than the rest of a streamed
// answer's translation (about 26 us here); a pool refilled every ~180 ids does not.
const pool = Buffer.alloc(ID_CHARS * 186);
let used = pool.length;

/** Ids shaped like Anthropic's own (`msg_01…`, `toolu_01…`, `srvtoolu_01…`: 22 base62 characters after `01`). */
export function generateAnthropicId(prefix: 'msg' | 'toolu' | 'srvtoolu'): string {
  if (used + ID_CHARS > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let id = `${prefix}_01`;
  for (let i = 0; i < ID_CHARS; i++) id += BASE62[pool[used + i]! % 62];
  used += ID_CHARS;
  return id;
}
