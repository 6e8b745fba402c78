/** A worker that dies this soon after it was started counts as failing to start. */
export const QUICK_DEATH_MS = 5000;
/** This many such deaths in a row: replacing workers will not help. */
export const QUICK_DEATHS_TO_STOP = 3;

/**
 * Tells a worker crash that replacing may fix (it ran a while) from a crash
 * loop (each replacement dies soon after it starts: a port taken, a backend
 * that throws at load), where the primary should stop and say why.
 */
export class CrashLoopGuard {
  private quickInARow = 0;

  /** Records a death after `livedMs`; true when this one makes a crash loop. */
  died(livedMs: number): boolean {
    this.quickInARow = livedMs < QUICK_DEATH_MS ? this.quickInARow + 1 : 0;
    return this.quickInARow >= QUICK_DEATHS_TO_STOP;
  }
}
