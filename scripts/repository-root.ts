import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository: the nearest folder above `from` with a package.json (the source tree, or the one dist/ is in). */
export function repositoryRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
