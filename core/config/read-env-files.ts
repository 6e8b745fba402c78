import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * `.env`, then `.env.<NODE_ENV>`, then the process environment: each later
 * source wins. Nothing is written back into process.env.
 */
export function readEnv(dir: string, processEnv: NodeJS.ProcessEnv = process.env): Env {
  const nodeEnv = processEnv.NODE_ENV;
  const files = ['.env', ...(nodeEnv ? [`.env.${nodeEnv}`] : [])];
  const merged: Record<string, string | undefined> = {};
  for (const file of files) {
    const path = join(dir, file);
    if (existsSync(path)) Object.assign(merged, parseEnv(readFileSync(path, 'utf8')));
  }
  return Object.assign(merged, processEnv);
}
