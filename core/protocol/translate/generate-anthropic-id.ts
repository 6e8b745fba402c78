import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Ids shaped like Anthropic's own (`msg_01…`, `toolu_01…`: 22 base62 characters after `01`). */
export function generateAnthropicId(prefix: 'msg' | 'toolu'): string {
  const bytes = randomBytes(22);
  let id = `${prefix}_01`;
  for (let i = 0; i < bytes.length; i++) id += BASE62[bytes[i]! % 62];
  return id;
}
