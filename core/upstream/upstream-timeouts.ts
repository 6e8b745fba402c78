/** How long an upstream call may wait; a plugin gets them on `ctx.timeouts`. */
export interface UpstreamTimeouts {
  /** Longest wait for the upstream's response headers. */
  headersMs: number;
  /** Longest silence allowed between two chunks of the upstream body. */
  idleMs: number;
}
