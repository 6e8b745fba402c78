import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The gateway's package version, found from the source tree and from dist alike. */
function readVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

export const GATEWAY_VERSION = readVersion();
