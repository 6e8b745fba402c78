import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// jest runs without --expose-gc; the flag can still be set, and a fresh context then has `gc`.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;

/** A full collection (gc() with no options: the precise one), or a young-generation one. */
export function collectGarbage(type: 'minor' | 'major' = 'major'): void {
  if (type === 'minor') gc({ type });
  else gc();
}

/**
 * Collects, and lets FinalizationRegistry callbacks run, until `done()` says
 * so or a few rounds have passed: a callback comes a turn after its collection.
 */
export async function collectGarbageUntil(done: () => boolean, rounds = 5): Promise<void> {
  for (let round = 0; round < rounds && !done(); round++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
