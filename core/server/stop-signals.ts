// Under `npm start` one SIGTERM or Ctrl-C can reach node twice (npm forwards
// what it gets, and a terminal signals the whole process group): a second
// signal this soon after the first is the same one.
const SAME_SIGNAL_MS = 1000;

export interface StopHandlers {
  /** The first SIGTERM or SIGINT: drain. */
  drain(signal: string): void;
  /** Another one a second or more later: stop now. */
  now(signal: string): void;
}

/** Listens for SIGTERM and SIGINT: the first starts a drain, a later one (not the same signal delivered twice) stops at once. */
export function onStopSignals(handlers: StopHandlers, clock: () => number = Date.now): void {
  let firstAt: number | undefined;
  const heard = (signal: string) => {
    const now = clock();
    if (firstAt === undefined) {
      firstAt = now;
      handlers.drain(signal);
    } else if (now - firstAt >= SAME_SIGNAL_MS) {
      handlers.now(signal);
    }
  };
  process.on('SIGTERM', () => heard('SIGTERM'));
  process.on('SIGINT', () => heard('SIGINT'));
}
